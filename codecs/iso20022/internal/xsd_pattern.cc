// File: codecs/iso20022/internal/xsd_pattern.cc
#include "codecs/iso20022/internal/xsd_pattern.h"

#include <algorithm>
#include <memory>

namespace gw::codecs::internal {
namespace {

// Decodes the UTF-8 character at s[i] (the text was checked by the scanner or
// comes from a schema file read by it).
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  auto c = static_cast<unsigned char>(s[i++]);
  if (c < 0x80) return c;
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
  uint32_t cp = c & (0x3F >> extra);
  for (int k = 0; k < extra && i < s.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  return cp;
}

// Parse tree of an expression.
struct Node {
  enum class Kind { kClass, kConcat, kAlt, kRepeat } kind;
  uint32_t cls = 0;                         // kClass
  std::vector<std::unique_ptr<Node>> kids;  // kConcat, kAlt, kRepeat (one)
  int min = 1, max = 1;                     // kRepeat; max -1 = unbounded
};

constexpr size_t kMaxProgram = 50000;  // instructions after expanding {n,m}

}  // namespace

bool XsdPattern::CharClass::Has(uint32_t c) const {
  bool in;
  if (c < 128) {
    in = (ascii[c >> 6] >> (c & 63)) & 1;
  } else {
    in = false;
    for (auto [lo, hi] : ranges) {
      if (c >= lo && c <= hi) {
        in = true;
        break;
      }
    }
  }
  return in != negated;
}

class PatternCompiler {
 public:
  PatternCompiler(std::string_view src, XsdPattern& out) : src_(src), out_(out) {}

  Status Run() {
    std::unique_ptr<Node> root;
    if (Status st = ParseAlt(root); !st.ok()) return st;
    if (pos_ != src_.size()) return Bad("unbalanced ')'");
    if (Status st = Emit(*root); !st.ok()) return st;
    out_.program_.push_back({XsdPattern::Op::kMatch});
    return Status::Ok();
  }

 private:
  using Op = XsdPattern::Op;
  using CharClass = XsdPattern::CharClass;

  Status Bad(const std::string& why) const {
    return InvalidArgument("pattern '" + std::string(src_) + "': " + why);
  }
  Status NotImplemented(const std::string& what) const {
    return FailedPrecondition("pattern '" + std::string(src_) + "': " + what +
                              " is not implemented");
  }

  bool AtEnd() const { return pos_ >= src_.size(); }
  char Peek() const { return src_[pos_]; }

  Status ParseAlt(std::unique_ptr<Node>& out) {
    auto alt = std::make_unique<Node>();
    alt->kind = Node::Kind::kAlt;
    for (;;) {
      std::unique_ptr<Node> branch;
      if (Status st = ParseBranch(branch); !st.ok()) return st;
      alt->kids.push_back(std::move(branch));
      if (AtEnd() || Peek() != '|') break;
      ++pos_;
    }
    if (alt->kids.size() == 1) {
      out = std::move(alt->kids[0]);
    } else {
      out = std::move(alt);
    }
    return Status::Ok();
  }

  Status ParseBranch(std::unique_ptr<Node>& out) {
    auto seq = std::make_unique<Node>();
    seq->kind = Node::Kind::kConcat;
    while (!AtEnd() && Peek() != '|' && Peek() != ')') {
      std::unique_ptr<Node> atom;
      if (Status st = ParseAtom(atom); !st.ok()) return st;
      if (Status st = ParseQuantifier(atom); !st.ok()) return st;
      seq->kids.push_back(std::move(atom));
    }
    out = std::move(seq);
    return Status::Ok();
  }

  Status ParseQuantifier(std::unique_ptr<Node>& atom) {
    if (AtEnd()) return Status::Ok();
    int min, max;
    char c = Peek();
    if (c == '?') {
      min = 0, max = 1;
      ++pos_;
    } else if (c == '*') {
      min = 0, max = -1;
      ++pos_;
    } else if (c == '+') {
      min = 1, max = -1;
      ++pos_;
    } else if (c == '{') {
      ++pos_;
      if (!ReadNumber(min)) return Bad("a number expected after '{'");
      max = min;
      if (!AtEnd() && Peek() == ',') {
        ++pos_;
        if (!AtEnd() && Peek() == '}') {
          max = -1;
        } else if (!ReadNumber(max) || max < min) {
          return Bad("bad {n,m} quantifier");
        }
      }
      if (AtEnd() || Peek() != '}') return Bad("'}' expected");
      ++pos_;
    } else {
      return Status::Ok();
    }
    auto rep = std::make_unique<Node>();
    rep->kind = Node::Kind::kRepeat;
    rep->min = min;
    rep->max = max;
    rep->kids.push_back(std::move(atom));
    atom = std::move(rep);
    return Status::Ok();
  }

  bool ReadNumber(int& n) {
    size_t start = pos_;
    n = 0;
    while (!AtEnd() && Peek() >= '0' && Peek() <= '9') {
      n = n * 10 + (Peek() - '0');
      if (n > 100000) return false;
      ++pos_;
    }
    return pos_ > start;
  }

  uint32_t AddClass(CharClass cls) {
    out_.classes_.push_back(std::move(cls));
    return static_cast<uint32_t>(out_.classes_.size() - 1);
  }

  static void AddRange(CharClass& cls, uint32_t lo, uint32_t hi) {
    for (uint32_t c = lo; c <= hi && c < 128; ++c) cls.ascii[c >> 6] |= uint64_t{1} << (c & 63);
    if (hi >= 128) cls.ranges.emplace_back(lo < 128 ? 128 : lo, hi);
  }

  // \s and its complement as ranges.
  static void AddSpace(CharClass& cls, bool complement) {
    if (!complement) {
      for (uint32_t c : {0x9u, 0xAu, 0xDu, 0x20u}) AddRange(cls, c, c);
    } else {
      AddRange(cls, 0x0, 0x8);
      AddRange(cls, 0xB, 0xC);
      AddRange(cls, 0xE, 0x1F);
      AddRange(cls, 0x21, 0x10FFFF);
    }
  }

  // After '\': a single character, or adds a multi-character escape to `cls`.
  // Returns 1 for a single character (in `c`), 2 for a class added.
  StatusOr<int> ParseEscape(uint32_t& c, CharClass& cls) {
    if (AtEnd()) return Bad("'\\' at the end");
    char e = src_[pos_++];
    switch (e) {
      case 'n':
        c = '\n';
        return 1;
      case 'r':
        c = '\r';
        return 1;
      case 't':
        c = '\t';
        return 1;
      case '\\':
      case '|':
      case '.':
      case '?':
      case '*':
      case '+':
      case '(':
      case ')':
      case '{':
      case '}':
      case '-':
      case '[':
      case ']':
      case '^':
        c = static_cast<unsigned char>(e);
        return 1;
      case 's':
        AddSpace(cls, false);
        return 2;
      case 'S':
        AddSpace(cls, true);
        return 2;
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 'i':
      case 'I':
      case 'c':
      case 'C':
      case 'p':
      case 'P':
        return NotImplemented(std::string("the escape \\") + e);
      default:
        return Bad(std::string("unknown escape \\") + e);
    }
  }

  Status ParseAtom(std::unique_ptr<Node>& out) {
    char c = Peek();
    if (c == '(') {
      ++pos_;
      if (Status st = ParseAlt(out); !st.ok()) return st;
      if (AtEnd() || Peek() != ')') return Bad("')' expected");
      ++pos_;
      return Status::Ok();
    }
    if (c == '?' || c == '*' || c == '+' || c == '{')
      return Bad(std::string("'") + c + "' has nothing to repeat");
    if (c == ']' || c == '}') return Bad(std::string("unescaped '") + c + "'");
    CharClass cls;
    if (c == '[') {
      ++pos_;
      if (Status st = ParseClass(cls); !st.ok()) return st;
    } else if (c == '.') {
      ++pos_;
      cls.negated = true;
      AddRange(cls, '\n', '\n');
      AddRange(cls, '\r', '\r');
    } else if (c == '\\') {
      ++pos_;
      uint32_t single = 0;
      auto kind = ParseEscape(single, cls);
      if (!kind.ok()) return kind.status();
      if (kind.value() == 1) AddRange(cls, single, single);
    } else {
      uint32_t cp = NextCodePoint(src_, pos_);
      AddRange(cls, cp, cp);
    }
    out = std::make_unique<Node>();
    out->kind = Node::Kind::kClass;
    out->cls = AddClass(std::move(cls));
    return Status::Ok();
  }

  // After '['.
  Status ParseClass(CharClass& cls) {
    if (!AtEnd() && Peek() == '^') {
      cls.negated = true;
      ++pos_;
    }
    bool first = true;
    for (;;) {
      if (AtEnd()) return Bad("']' expected");
      char c = Peek();
      if (c == ']' && !first) {
        ++pos_;
        return Status::Ok();
      }
      if (c == '-' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '[')
        return NotImplemented("class subtraction");
      if (c == '[') return Bad("unescaped '[' in a class");
      first = false;
      uint32_t lo;
      if (c == '\\') {
        ++pos_;
        auto kind = ParseEscape(lo, cls);
        if (!kind.ok()) return kind.status();
        if (kind.value() == 2) continue;
      } else {
        lo = NextCodePoint(src_, pos_);
      }
      uint32_t hi = lo;
      // A range, unless '-' is the last character of the class.
      if (pos_ + 1 < src_.size() && Peek() == '-' && src_[pos_ + 1] != ']' &&
          src_[pos_ + 1] != '[') {
        ++pos_;
        if (Peek() == '\\') {
          ++pos_;
          CharClass unused;
          auto kind = ParseEscape(hi, unused);
          if (!kind.ok()) return kind.status();
          if (kind.value() == 2) return Bad("a range cannot end with a class escape");
        } else {
          hi = NextCodePoint(src_, pos_);
        }
        if (hi < lo) return Bad("a range's end is before its start");
      }
      AddRange(cls, lo, hi);
    }
  }

  uint32_t Here() const { return static_cast<uint32_t>(out_.program_.size()); }
  uint32_t Push(Op op, uint32_t x = 0, uint32_t y = 0) {
    out_.program_.push_back({op, x, y});
    return Here() - 1;
  }

  Status Emit(const Node& n) {
    if (out_.program_.size() > kMaxProgram) return NotImplemented("a pattern this large");
    switch (n.kind) {
      case Node::Kind::kClass:
        Push(Op::kClass, n.cls);
        return Status::Ok();
      case Node::Kind::kConcat:
        for (const auto& k : n.kids) {
          if (Status st = Emit(*k); !st.ok()) return st;
        }
        return Status::Ok();
      case Node::Kind::kAlt: {
        std::vector<uint32_t> jumps;
        for (size_t i = 0; i < n.kids.size(); ++i) {
          uint32_t split = 0;
          if (i + 1 < n.kids.size()) split = Push(Op::kSplit);
          if (i + 1 < n.kids.size()) out_.program_[split].x = Here();
          if (Status st = Emit(*n.kids[i]); !st.ok()) return st;
          if (i + 1 < n.kids.size()) {
            jumps.push_back(Push(Op::kJump));
            out_.program_[split].y = Here();
          }
        }
        for (uint32_t j : jumps) out_.program_[j].x = Here();
        return Status::Ok();
      }
      case Node::Kind::kRepeat: {
        const Node& body = *n.kids[0];
        for (int i = 0; i < n.min; ++i) {
          if (Status st = Emit(body); !st.ok()) return st;
        }
        if (n.max < 0) {
          uint32_t split = Push(Op::kSplit);
          out_.program_[split].x = Here();
          if (Status st = Emit(body); !st.ok()) return st;
          Push(Op::kJump, split);
          out_.program_[split].y = Here();
          return Status::Ok();
        }
        std::vector<uint32_t> splits;
        for (int i = n.min; i < n.max; ++i) {
          uint32_t split = Push(Op::kSplit);
          out_.program_[split].x = Here();
          splits.push_back(split);
          if (Status st = Emit(body); !st.ok()) return st;
        }
        for (uint32_t s : splits) out_.program_[s].y = Here();
        return Status::Ok();
      }
    }
    return Status::Ok();
  }

  std::string_view src_;
  size_t pos_ = 0;
  XsdPattern& out_;
};

StatusOr<XsdPattern> XsdPattern::Compile(std::string_view pattern) {
  XsdPattern p;
  p.source_ = std::string(pattern);
  PatternCompiler compiler(p.source_, p);
  if (Status st = compiler.Run(); !st.ok()) return st;
  return p;
}

bool XsdPattern::Matches(std::string_view value) const {
  // Pike VM: the set of instructions reachable after each character. The
  // scratch space is the thread's, reused from call to call.
  struct Scratch {
    std::vector<uint32_t> current, next, stack, mark;
    uint32_t generation = 0;
  };
  thread_local Scratch scratch;
  const size_t n = program_.size();
  std::vector<uint32_t>& current = scratch.current;
  std::vector<uint32_t>& next = scratch.next;
  std::vector<uint32_t>& stack = scratch.stack;
  std::vector<uint32_t>& mark = scratch.mark;
  uint32_t& generation = scratch.generation;
  if (mark.size() < n || generation > 0xFFFF0000u) {
    mark.assign(std::max(n, mark.size()), 0);
    generation = 0;
  }
  ++generation;
  current.clear();
  stack.clear();
  auto add = [&](std::vector<uint32_t>& list, uint32_t pc) {
    stack.push_back(pc);
    while (!stack.empty()) {
      uint32_t p = stack.back();
      stack.pop_back();
      if (mark[p] == generation) continue;
      mark[p] = generation;
      const Inst& inst = program_[p];
      if (inst.op == Op::kJump) {
        stack.push_back(inst.x);
      } else if (inst.op == Op::kSplit) {
        stack.push_back(inst.y);
        stack.push_back(inst.x);
      } else {
        list.push_back(p);
      }
    }
  };
  add(current, 0);
  size_t i = 0;
  while (i < value.size()) {
    if (current.empty()) return false;
    uint32_t c = NextCodePoint(value, i);
    ++generation;
    next.clear();
    for (uint32_t pc : current) {
      const Inst& inst = program_[pc];
      if (inst.op == Op::kClass && classes_[inst.x].Has(c)) add(next, pc + 1);
    }
    current.swap(next);
  }
  for (uint32_t pc : current) {
    if (program_[pc].op == Op::kMatch) return true;
  }
  return false;
}

}  // namespace gw::codecs::internal
