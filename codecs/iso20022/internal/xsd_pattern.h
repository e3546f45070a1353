// File: codecs/iso20022/internal/xsd_pattern.h
//
// The pattern facet of XML Schema (XSD 1.0 regular expressions, Part 2 appendix
// F), compiled to a small NFA and matched against a whole value in linear time (no
// backtracking: a hostile value cannot make a match slow). Supported: literal
// characters, '.', character classes with ranges and negation, the escapes \n \r
// \t and escaped metacharacters, \s and \S, groups, alternation and the
// quantifiers ? * + {n} {n,} {n,m}. The Unicode-category escapes (\d \w \i \c \p{..}
// and their complements) and class subtraction are not implemented: Compile says
// so, and a schema using them is validated by Xerces-C instead (compiled_schema.h).
// Internal to codecs/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace gw::codecs::internal {

class XsdPattern {
 public:
  // kFailedPrecondition for a feature listed above as not implemented (the
  // expression may be valid); kInvalidArgument for a malformed expression.
  static StatusOr<XsdPattern> Compile(std::string_view pattern);

  // Whether all of `value` (UTF-8) matches.
  bool Matches(std::string_view value) const;

  const std::string& source() const { return source_; }

 private:
  struct CharClass {
    uint64_t ascii[2] = {0, 0};                         // code points below 128
    std::vector<std::pair<uint32_t, uint32_t>> ranges;  // the others, inclusive
    bool negated = false;
    bool Has(uint32_t c) const;
  };
  enum class Op : uint8_t { kClass, kSplit, kJump, kMatch };
  struct Inst {
    Op op;
    uint32_t x = 0;  // class index (kClass) or target
    uint32_t y = 0;  // second target (kSplit)
  };
  friend class PatternCompiler;

  std::string source_;
  std::vector<CharClass> classes_;
  std::vector<Inst> program_;
};

}  // namespace gw::codecs::internal
