// File: codecs/iso20022/decode.cc
//
// Decode: pre-scan, then one pass that validates and fills the model through the
// field tables (internal/binding.h), then the business rules. The pass is our own
// scanner with the compiled schemas (internal/compiled_schema.h) when every schema
// the message uses was compiled, else Xerces-C's validating SAX2 parser with the
// cached grammars; both drive the same model builder (DecodeHandler).
#include <algorithm>
#include <memory>
#include <vector>

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLUni.hpp>

#include "codecs/iso20022/codec.h"
#include "codecs/iso20022/internal/binding.h"
#include "codecs/iso20022/internal/compiled_schema.h"
#include "codecs/iso20022/internal/prescan.h"
#include "codecs/iso20022/internal/xerces_support.h"
#include "codecs/iso20022/internal/xml_scanner.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs {
namespace {

using internal::FieldOps;
using internal::StructTable;

// Thrown from the handler to end a parse early; never leaves this file.
struct StopParse {};
// Thrown by the compiled path when the message needs what only Xerces-C checks
// (a schema not compiled, xsi:type, a base64 value): the decode starts again there.
struct UseReference {};

using internal::ScannedAttribute;

// Builds the model from element events (UTF-8), whichever parser reports them,
// and records issues at the current element and position.
class DecodeHandler {
 public:
  void Begin(const SchemaSet& schemas, const DecodeOptions& options, DecodeResult& result) {
    schemas_ = &schemas;
    options_ = &options;
    result_ = &result;
    frames_.clear();
    path_.clear();
    text_.clear();
    ccy_.clear();
    pending_.clear();
    arena_.clear();
    positions_.clear();
    part_ = Part::kNone;
    type_ = nullptr;
    seen_app_hdr_ = seen_document_ = entered_root_ = fatal_ = false;
    line_ = column_ = 0;
    scanner_ = nullptr;
  }

  // Where the parser is: set before each event, as a line and column (Xerces-C)
  // or as a byte offset that `scanner` turns into them when an issue needs them
  // (most elements never do).
  void SetPosition(int line, int column) {
    line_ = line;
    column_ = column;
  }
  void SetOffset(internal::XmlScanner& scanner, size_t offset) {
    scanner_ = &scanner;
    line_ = -1;
    column_ = static_cast<int>(offset);
  }
  bool outside() const { return part_ == Part::kNone; }
  const std::string& path() const { return path_; }
  // The text of the leaf being read, if the current element is one.
  std::string_view leaf_text() const {
    return !frames_.empty() && frames_.back().kind == FrameKind::kLeaf ? std::string_view(text_) : std::string_view();
  }

  const MessageType* type() const { return type_; }
  bool seen_document() const { return seen_document_; }
  bool fatal() const { return fatal_; }

  // The start position of the element at `path`, if one was recorded.
  bool PositionOf(std::string_view path, int& line, int& column) const {
    for (const Position& p : positions_) {
      if (std::string_view(arena_).substr(p.offset, p.length) == path) {
        Resolve(p.line, p.column, line, column);
        return true;
      }
    }
    return false;
  }

  void MarkFatal() { fatal_ = true; }

  void Start(std::string_view uri, std::string_view local, std::span<const ScannedAttribute> attrs) {
    if (part_ == Part::kNone) {
      StartOutside(uri, local);
      return;
    }
    Frame& parent = frames_.back();
    Frame frame;
    frame.path_len = path_.size();
    const FieldOps* ops = nullptr;
    if (parent.kind == FrameKind::kDocument) {
      if (!entered_root_ && local == type_->root_tag) {
        entered_root_ = true;
        frame.kind = FrameKind::kStruct;
        frame.table = &type_->codec->root_table();
        // StartOutside put a fresh model of this type in the document.
        frame.obj = const_cast<void*>(type_->codec->get(result_->message->document));
      }
    } else if (parent.kind == FrameKind::kStruct) {
      ops = parent.table->Find(local.data(), local.size());
      if (ops != nullptr) {
        parent.next_field = static_cast<uint32_t>(ops - parent.table->fields.data()) + 1;
        frame.index = ops->repeated ? ops->count(ops->Member(parent.obj)) + 1 : 0;
        if (ops->child != nullptr) {
          frame.kind = FrameKind::kStruct;
          frame.table = ops->child;
          frame.obj = ops->enter(ops->Member(parent.obj));
        } else {
          frame.kind = FrameKind::kLeaf;
          frame.leaf = ops;
          frame.obj = ops->Member(parent.obj);
          text_.clear();
          ccy_.clear();
          if (ops->amount) {
            for (const ScannedAttribute& a : attrs) {
              if (a.ns.empty() && a.local == "Ccy") ccy_.assign(a.value);
            }
          }
        }
      } else if (Unmodelled* u = parent.table->UnmodelledOf(parent.obj);
                 u != nullptr && DeclaredHere(local)) {
        // Not bound by the model: kept as it is (xml_node.h), at its place.
        UnmodelledElement& e = u->elements.emplace_back();
        e.before = internal::UnmodelledPlace(*parent.table, ParentType(), local, parent.next_field);
        frame.kind = FrameKind::kCapture;
        frame.node = &e.node;
        FillNode(e.node, uri, local, attrs);
      }
    } else if (parent.kind == FrameKind::kCapture && DeclaredHere(local)) {
      frame.kind = FrameKind::kCapture;
      frame.node = &parent.node->children.emplace_back();
      FillNode(*frame.node, uri, local, attrs);
    }
    path_ += '/';
    path_ += local;
    if (frame.index > 0) {
      path_ += '[';
      path_ += std::to_string(frame.index);
      path_ += ']';
    }
    if (frame.kind == FrameKind::kCapture) DropUndeclaredAttributes(*frame.node);
    frames_.push_back(frame);
    Record();
  }

  void End() {
    if (part_ == Part::kNone) return;
    Frame frame = frames_.back();
    if (frame.kind == FrameKind::kLeaf) {
      if (!frame.leaf->set(frame.obj, text_, ccy_)) {
        AddIssue(result_->issues, "FMT-001", "FF01", path_, text_,
                 "the value cannot be read as a " +
                     std::string(frame.leaf->amount ? "decimal amount" : "number or boolean"));
        SetLocation(result_->issues.back());
        CheckIssueLimit();
      }
    } else if (frame.kind == FrameKind::kCapture && !frame.node->children.empty() &&
               IsXmlSpace(frame.node->text)) {
      frame.node->text.clear();  // indentation between children
    }
    frames_.pop_back();
    path_.resize(frame.path_len);
    if (frames_.empty()) part_ = Part::kNone;
  }

  void Chars(std::string_view chars) {
    if (part_ == Part::kNone) return;
    if (frames_.back().kind == FrameKind::kLeaf) {
      text_ += chars;
    } else if (frames_.back().kind == FrameKind::kCapture) {
      frames_.back().node->text += chars;
    }
  }

  // A schema violation at the current position: of the current element, or
  // (outside the message parts) kept until a part starts, since a wrapper
  // element has no schema but a part's start tag may be reported before it.
  void SchemaIssue(std::string message, std::string_view value) {
    Issue issue;
    issue.rule_id = "XSD";
    issue.reason_code = "FF01";
    SetLocation(issue);
    issue.message = "schema violation: " + message;
    if (part_ == Part::kNone) {
      if (pending_.size() < 16) pending_.push_back(std::move(issue));
      return;
    }
    issue.path = path_;
    issue.value = std::string(value.substr(0, 256));
    result_->issues.push_back(std::move(issue));
    CheckIssueLimit();
  }

  // The document is not well-formed: parsing ends.
  void XmlIssue(std::string message) {
    fatal_ = true;
    Issue issue;
    issue.rule_id = "XML-001";
    issue.reason_code = "FF01";
    issue.path = path_;
    SetLocation(issue);
    issue.message = "the document is not well-formed XML: " + message;
    result_->issues.push_back(std::move(issue));
  }

  [[noreturn]] void Fail(std::string_view rule, std::string message, std::string_view value) {
    AddIssue(result_->issues, rule, "FF01", path_, value, std::move(message));
    SetLocation(result_->issues.back());
    fatal_ = true;
    throw StopParse{};
  }

 private:
  enum class Part { kNone, kAppHdr, kDocument };
  enum class FrameKind { kIgnore, kDocument, kStruct, kLeaf, kCapture };
  struct Frame {
    FrameKind kind = FrameKind::kIgnore;
    const StructTable* table = nullptr;
    void* obj = nullptr;  // the struct (kStruct) or the leaf's member (kLeaf)
    const FieldOps* leaf = nullptr;
    XmlNode* node = nullptr;   // kCapture: the element being kept as it is
    uint32_t next_field = 0;   // kStruct: index after the last bound field read
    size_t path_len = 0;
    size_t index = 0;
  };
  struct Position {
    uint32_t offset;
    uint32_t length;
    int line;
    int column;
  };

  // The schema type of the struct whose element path_ names (content_model.h), or
  // nullptr. Only asked for when an unmodelled element turns up.
  // Whether the schema allows element `tag` where the parser is now (path_ is
  // its parent's path): an element the schema does not declare there is a
  // schema violation, reported as such, and is not kept in the model, so that
  // whatever a decode keeps the JSON form can carry back (FromJson accepts
  // declared elements only). Under a wildcard, or where the type is not
  // known, anything is kept.
  bool DeclaredHere(std::string_view tag) const {
    const internal::ContentType* type = ParentType();
    return type == nullptr || type->kind == internal::ContentType::Kind::kWildcard || type->IndexOf(tag) >= 0;
  }

  const internal::ContentType* ParentType() const {
    const bool header = part_ == Part::kAppHdr;
    const internal::NamespaceModel* model = internal::ContentModelsOf(
        header ? AllHeaderTypes().front().xml_namespace : type_->xml_namespace);
    if (model == nullptr) return nullptr;
    std::vector<std::string_view> tags;
    std::string_view rest(path_);
    while (!rest.empty()) {
      rest.remove_prefix(1);  // '/'
      size_t end = rest.find('/');
      std::string_view tag = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
      if (size_t bracket = tag.find('['); bracket != std::string_view::npos) tag = tag.substr(0, bracket);
      tags.push_back(tag);
    }
    if (tags.empty()) return nullptr;
    std::string_view root = tags.front();  // "AppHdr" or "Document"
    tags.erase(tags.begin());
    return internal::ResolveType(*model, root, tags);
  }

  static bool IsXmlSpace(std::string_view s) {
    for (char c : s) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
    }
    return true;
  }

  // An attribute the schema does not declare on a kept element is a schema
  // violation (reported by the validator) and is not kept, like an undeclared
  // element, so that the JSON form can carry back whatever a decode keeps. path_
  // names the element; where its type is not known (wildcard content) all stay.
  void DropUndeclaredAttributes(XmlNode& node) const {
    if (node.attributes.empty()) return;
    const internal::ContentType* type = ParentType();
    if (type == nullptr || type->kind == internal::ContentType::Kind::kWildcard) return;
    std::erase_if(node.attributes, [&](const XmlAttribute& a) {
      if (!a.ns.empty() || type->kind != internal::ContentType::Kind::kSimpleContent) return true;
      return std::find(type->attributes.begin(), type->attributes.end(), a.name) == type->attributes.end();
    });
  }

  static void FillNode(XmlNode& node, std::string_view uri, std::string_view local,
                       std::span<const ScannedAttribute> attrs) {
    node.ns = std::string(uri);
    node.tag = std::string(local);
    for (const ScannedAttribute& a : attrs) {
      node.attributes.push_back({std::string(a.ns), std::string(a.local), std::string(a.value)});
    }
  }

  void SetLocation(Issue& issue) const { Resolve(line_, column_, issue.line, issue.column); }

  // A recorded position as line and column (line -1: column holds an offset).
  void Resolve(int line, int column, int& out_line, int& out_column) const {
    if (line >= 0 || scanner_ == nullptr) {
      out_line = line;
      out_column = column;
    } else {
      scanner_->Position(static_cast<size_t>(column), out_line, out_column);
    }
  }

  void CheckIssueLimit() {
    if (result_->issues.size() >= options_->max_issues) {
      AddIssue(result_->issues, "SEC-005", "FF01", "", "",
               "more than " + std::to_string(options_->max_issues) +
                   " problems; decoding stopped here");
      fatal_ = true;
      throw StopParse{};
    }
  }

  void Record() {
    if (positions_.size() >= 100000) return;
    Position p;
    p.offset = static_cast<uint32_t>(arena_.size());
    p.length = static_cast<uint32_t>(path_.size());
    p.line = line_;
    p.column = column_;
    arena_ += path_;
    positions_.push_back(p);
  }

  void FlushPending() {
    for (Issue& issue : pending_) {
      issue.path = path_;
      result_->issues.push_back(std::move(issue));
      CheckIssueLimit();
    }
    pending_.clear();
  }

  void StartOutside(std::string_view uri, std::string_view local) {
    bool is_hdr = local == "AppHdr";
    bool is_doc = local == "Document";
    if (!is_hdr && !is_doc) {
      pending_.clear();  // errors about a wrapper element, which has no schema
      return;
    }
    std::string ns(uri);
    path_ = is_hdr ? "/AppHdr" : "/Document";
    if (seen_document_) {
      Fail("MSG-003",
           is_hdr ? "an AppHdr follows the Document; the AppHdr must come first"
                  : "the envelope holds more than one Document",
           "");
    }
    if (is_hdr) {
      if (seen_app_hdr_) Fail("MSG-003", "the envelope holds more than one AppHdr", "");
      const HeaderType* h = FindHeaderTypeByNamespace(ns);
      if (h == nullptr) {
        Fail("MSG-001",
             "unsupported AppHdr namespace '" + ns + "'; supported: urn:iso:std:iso:20022:tech:xsd:head.001.001.02",
             ns);
      }
      if (!schemas_->Has(h->id)) {
        Fail("MSG-001",
             "no schema for " + std::string(h->id) + " was loaded (" + std::string(h->schema_file) +
                 " missing in " + schemas_->dir().string() + ")",
             ns);
      }
      seen_app_hdr_ = true;
      part_ = Part::kAppHdr;
      EnsureMessage();
      Frame frame;
      frame.kind = FrameKind::kStruct;
      frame.table = &internal::TableOf<AppHdr>();
      frame.obj = &result_->message->app_hdr.emplace();
      frames_.push_back(frame);
    } else {
      const MessageType* t = FindMessageTypeByNamespace(ns);
      if (t == nullptr) {
        std::string found = ns;
        const std::string_view prefix = "urn:iso:std:iso:20022:tech:xsd:";
        if (ns.starts_with(prefix)) found = "message " + ns.substr(prefix.size()) + " (" + ns + ")";
        else found = "namespace '" + ns + "'";
        Fail("MSG-001",
             "unsupported Document: found " + found + "; supported: " + SupportedMessageList(), ns);
      }
      if (!schemas_->Has(t->id)) {
        Fail("MSG-001",
             "no schema for " + std::string(t->id) + " was loaded (" + std::string(t->schema_file) +
                 " missing in " + schemas_->dir().string() + ")",
             ns);
      }
      type_ = t;
      seen_document_ = true;
      part_ = Part::kDocument;
      EnsureMessage();
      result_->message->msg_def_id = std::string(t->id);
      // The document holds the model of msg_def_id from here on, even when parsing stops
      // before the root element (Encode and ToJson rely on the two agreeing).
      // A fresh message holds a default model of the first type already; building a
      // large model twice is measurable when validating thousands of files.
      if (!t->codec->holds(result_->message->document)) {
        (void)t->codec->emplace(result_->message->document);
      }
      Frame frame;
      frame.kind = FrameKind::kDocument;
      frames_.push_back(frame);
    }
    FlushPending();
    Record();
  }

  void EnsureMessage() {
    if (!result_->message) result_->message.emplace();
  }

  const SchemaSet* schemas_ = nullptr;
  const DecodeOptions* options_ = nullptr;
  DecodeResult* result_ = nullptr;
  int line_ = 0;
  int column_ = 0;
  internal::XmlScanner* scanner_ = nullptr;
  std::vector<Frame> frames_;
  std::string path_;
  std::string text_;
  std::string ccy_;
  std::vector<Issue> pending_;
  std::string arena_;
  std::vector<Position> positions_;
  Part part_ = Part::kNone;
  const MessageType* type_ = nullptr;
  bool seen_app_hdr_ = false;
  bool seen_document_ = false;
  bool entered_root_ = false;
  bool fatal_ = false;
};

// Xerces-C's events, turned into the handler's (UTF-8, positioned).
class XercesEvents : public xercesc::DefaultHandler {
 public:
  explicit XercesEvents(DecodeHandler& handler) : handler_(handler) {}

  void setDocumentLocator(const xercesc::Locator* const locator) override { locator_ = locator; }

  void startElement(const XMLCh* const uri, const XMLCh* const local, const XMLCh* const,
                    const xercesc::Attributes& attrs) override {
    Sync();
    uri_.clear();
    local_.clear();
    internal::AppendUtf8(uri_, uri, xercesc::XMLString::stringLen(uri));
    internal::AppendUtf8(local_, local, xercesc::XMLString::stringLen(local));
    const XMLSize_t n = attrs.getLength();
    if (storage_.size() < n * 3) storage_.resize(n * 3);
    attrs_.clear();
    for (XMLSize_t i = 0; i < n; ++i) {
      storage_[i * 3] = internal::ToUtf8(attrs.getURI(i));
      storage_[i * 3 + 1] = internal::ToUtf8(attrs.getLocalName(i));
      storage_[i * 3 + 2] = internal::ToUtf8(attrs.getValue(i));
      attrs_.push_back({storage_[i * 3], storage_[i * 3 + 1], storage_[i * 3 + 2]});
    }
    handler_.Start(uri_, local_, attrs_);
    RetargetStartTagErrors();
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    Sync();
    handler_.End();
  }

  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    text_.clear();
    internal::AppendUtf8(text_, chars, length);
    handler_.Chars(text_);
  }

  void warning(const xercesc::SAXParseException&) override {}
  void error(const xercesc::SAXParseException& e) override {
    handler_.SetPosition(static_cast<int>(e.getLineNumber()), static_cast<int>(e.getColumnNumber()));
    handler_.SchemaIssue(internal::ToUtf8(e.getMessage()), handler_.leaf_text());
  }
  void fatalError(const xercesc::SAXParseException& e) override {
    handler_.SetPosition(static_cast<int>(e.getLineNumber()), static_cast<int>(e.getColumnNumber()));
    handler_.XmlIssue(internal::ToUtf8(e.getMessage()));
  }

  // No DTDs, nothing fetched.
  void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    Sync();
    handler_.Fail("SEC-003", "the document has a DOCTYPE; DTDs and entity declarations are refused", "");
  }
  xercesc::InputSource* resolveEntity(const XMLCh* const, const XMLCh* const system_id) override {
    Sync();
    handler_.Fail("SEC-003", "the document refers to an external resource; nothing is fetched",
                  internal::ToUtf8(system_id));
  }

  void Reset(Issues& issues) {
    issues_ = &issues;
    locator_ = nullptr;
  }

 private:
  void Sync() {
    if (locator_ != nullptr) {
      handler_.SetPosition(static_cast<int>(locator_->getLineNumber()), static_cast<int>(locator_->getColumnNumber()));
    }
  }

  // Schema errors found while scanning a start tag (bad attribute, element not
  // allowed here) are reported before startElement, at the position where the tag
  // ends; they concern the element just started, so they take its path.
  void RetargetStartTagErrors() {
    if (locator_ == nullptr || issues_ == nullptr) return;
    const auto line = static_cast<int>(locator_->getLineNumber());
    const auto column = static_cast<int>(locator_->getColumnNumber());
    for (size_t i = issues_->size(); i > 0; --i) {
      Issue& issue = (*issues_)[i - 1];
      if (issue.rule_id != "XSD" || issue.line != line || issue.column != column) break;
      issue.path = handler_.path();
    }
  }

  DecodeHandler& handler_;
  const xercesc::Locator* locator_ = nullptr;
  Issues* issues_ = nullptr;
  std::string uri_, local_, text_;
  std::vector<std::string> storage_;
  std::vector<ScannedAttribute> attrs_;
};

// The compiled path: our scanner's events, validated against the compiled
// schemas (internal/compiled_schema.h) and handed to the same model builder.
class CompiledEvents : public internal::ScanHandler {
 public:
  CompiledEvents(DecodeHandler& handler, internal::XmlScanner& scanner) : handler_(handler), scanner_(scanner) {}

  void Reset(const SchemaSet& schemas) {
    schemas_ = &schemas;
    frames_.clear();
    value_.clear();
  }

  bool OnStart(std::string_view ns, std::string_view local, std::span<const ScannedAttribute> attrs,
               size_t offset) override {
    Sync(offset);
    const bool outside = handler_.outside();
    if (outside) CheckNoReference(ns);
    handler_.Start(ns, local, attrs);
    if (outside) {
      if (handler_.outside()) return true;  // a wrapper element: it has no schema
      const internal::CompiledSchema* schema = schemas_->compiled(ns);
      if (schema == nullptr) throw UseReference{};
      auto type = schema->Global(local);
      if (!type) {
        handler_.SchemaIssue("element " + std::string(local) + " is not declared in " + std::string(ns), "");
        frames_.emplace_back();
        return true;
      }
      StartTyped(*schema, *type, attrs);
      return true;
    }
    Frame& parent = frames_.back();
    if (parent.schema == nullptr) {
      frames_.emplace_back();  // inside an element that is not validated
      return true;
    }
    if (parent.simple) {
      handler_.SchemaIssue("element " + std::string(local) + " is not allowed: its parent holds a value, not elements", "");
      frames_.emplace_back();
      return true;
    }
    const internal::Particle* particle = nullptr;
    if (auto error = internal::AdvanceContent(*parent.schema, parent.schema->complex(parent.type), parent.cursor,
                                              ns, local, particle)) {
      handler_.SchemaIssue(std::move(*error), "");
      frames_.emplace_back();
      return true;
    }
    if (!particle->wildcard) {
      StartTyped(*parent.schema, particle->type, attrs);
      return true;
    }
    // A wildcard: lax content is checked where a schema declares it, skipped otherwise.
    CheckNoReference(ns);
    const internal::CompiledSchema* schema = particle->lax ? schemas_->compiled(ns) : nullptr;
    auto type = schema != nullptr ? schema->Global(local) : std::nullopt;
    if (!type) {
      frames_.emplace_back();
      return true;
    }
    StartTyped(*schema, *type, attrs);
    return true;
  }

  // What the model sees is the value as the schema reads it, as Xerces-C hands
  // it over: white space collapsed for every type but text, and none of the
  // white space between elements.
  bool OnText(std::string_view text) override {
    if (frames_.empty() || handler_.outside()) {
      handler_.Chars(text);
      return true;
    }
    Frame& f = frames_.back();
    if (f.schema == nullptr) {
      handler_.Chars(text);
    } else if (f.simple) {
      value_ += text;
      if (!f.collapse) handler_.Chars(text);
    } else {
      for (char c : text) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          if (!f.text_reported) {
            f.text_reported = true;
            handler_.SchemaIssue("text is not allowed here: this element holds elements only", text);
          }
          handler_.Chars(text);
          break;
        }
      }
    }
    return true;
  }

  bool OnEnd(size_t offset) override {
    Sync(offset);
    if (handler_.outside()) {
      handler_.End();  // a wrapper element
      return true;
    }
    const Frame f = frames_.back();
    frames_.pop_back();
    if (f.schema != nullptr) {
      if (f.simple) {
        const internal::SimpleRule& rule = internal::IsSimple(f.type)
                                               ? f.schema->simple(f.type)
                                               : f.schema->simple_at(f.schema->complex(f.type).simple);
        std::string why = internal::CheckSimpleValue(rule, value_);
        if (!why.empty()) handler_.SchemaIssue(std::move(why), value_);
        if (f.collapse) handler_.Chars(Collapse(value_));
      } else {
        std::string why = internal::FinishContent(f.schema->complex(f.type), f.cursor);
        if (!why.empty()) handler_.SchemaIssue(std::move(why), "");
      }
    }
    handler_.End();
    return true;
  }

  void MalformedAt(size_t offset, const std::string& message) {
    Sync(offset);
    handler_.XmlIssue(message);
  }

 private:
  struct Frame {
    const internal::CompiledSchema* schema = nullptr;  // nullptr: not validated
    uint32_t type = 0;
    internal::ContentCursor cursor;
    bool simple = false;    // a value: value_ collects its text
    bool collapse = false;  // of a type whose white space is collapsed (all but text)
    bool text_reported = false;
  };

  static std::string Collapse(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        space = !out.empty();
      } else {
        if (space) out += ' ';
        space = false;
        out += c;
      }
    }
    return out;
  }

  static constexpr std::string_view kXsi = "http://www.w3.org/2001/XMLSchema-instance";

  void Sync(size_t offset) { handler_.SetOffset(scanner_, offset); }

  // Elements of a namespace whose schema only Xerces-C checks go there.
  void CheckNoReference(std::string_view ns) const {
    if (schemas_->reference_only(ns)) throw UseReference{};
  }

  void StartTyped(const internal::CompiledSchema& schema, uint32_t type, std::span<const ScannedAttribute> attrs) {
    Frame f;
    f.schema = &schema;
    f.type = type;
    const internal::ComplexRule* complex = internal::IsSimple(type) ? nullptr : &schema.complex(type);
    f.simple = complex == nullptr || complex->kind == internal::ComplexRule::Kind::kSimpleContent;
    if (f.simple) {
      const internal::SimpleRule& rule =
          complex == nullptr ? schema.simple(type) : schema.simple_at(complex->simple);
      if (rule.base == internal::SimpleRule::Base::kBase64) throw UseReference{};
      f.collapse = rule.base != internal::SimpleRule::Base::kString;
    }
    static const std::vector<internal::AttributeRule> kNone;
    const auto& declared = complex != nullptr && complex->kind == internal::ComplexRule::Kind::kSimpleContent
                               ? complex->attributes
                               : kNone;
    uint64_t seen = 0;
    for (const ScannedAttribute& a : attrs) {
      if (a.ns == kXsi) {
        // xsi:type and xsi:nil change what is valid; schemaLocation is ignored.
        if (a.local == "type" || a.local == "nil") throw UseReference{};
        continue;
      }
      size_t i = 0;
      while (i < declared.size() && !(a.ns.empty() && declared[i].name == a.local)) ++i;
      if (i == declared.size()) {
        handler_.SchemaIssue("attribute " + std::string(a.local) + " is not allowed on this element", a.value);
        continue;
      }
      seen |= uint64_t{1} << (i & 63);
      std::string why = internal::CheckSimpleValue(schema.simple_at(declared[i].simple), a.value);
      if (!why.empty()) handler_.SchemaIssue("attribute " + declared[i].name + ": " + why, a.value);
    }
    for (size_t i = 0; i < declared.size(); ++i) {
      if (declared[i].required && !(seen & (uint64_t{1} << (i & 63)))) {
        handler_.SchemaIssue("attribute " + declared[i].name + " is required", "");
      }
    }
    value_.clear();
    frames_.push_back(f);
  }

  DecodeHandler& handler_;
  internal::XmlScanner& scanner_;
  const SchemaSet* schemas_ = nullptr;
  std::vector<Frame> frames_;
  std::string value_;
};

// One validating reader per thread and SchemaSet, bound to the set's locked pool.
struct ThreadParser {
  std::shared_ptr<SchemaSet::Impl> impl;  // keeps the pool alive while the reader exists
  std::unique_ptr<xercesc::SecurityManager> security;
  std::unique_ptr<DecodeHandler> handler;
  std::unique_ptr<XercesEvents> events;
  std::unique_ptr<xercesc::SAX2XMLReader> reader;  // destroyed first
};

ThreadParser& ParserFor(const SchemaSet& schemas) {
  thread_local std::vector<std::unique_ptr<ThreadParser>> cache;
  for (auto& p : cache) {
    if (p->impl == schemas.impl()) return *p;
  }
  if (cache.size() >= 4) cache.erase(cache.begin());
  auto p = std::make_unique<ThreadParser>();
  p->impl = schemas.impl();
  p->security = std::make_unique<xercesc::SecurityManager>();
  p->security->setEntityExpansionLimit(1);
  p->handler = std::make_unique<DecodeHandler>();
  p->events = std::make_unique<XercesEvents>(*p->handler);
  p->reader.reset(xercesc::XMLReaderFactory::createXMLReader(
      xercesc::XMLPlatformUtils::fgMemoryManager, p->impl->pool.get()));
  using xercesc::XMLUni;
  auto* r = p->reader.get();
  r->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  r->setFeature(XMLUni::fgSAX2CoreNameSpacePrefixes, false);
  r->setFeature(XMLUni::fgSAX2CoreValidation, true);
  r->setFeature(XMLUni::fgXercesDynamic, false);
  r->setFeature(XMLUni::fgXercesSchema, true);
  r->setFeature(XMLUni::fgXercesSchemaFullChecking, false);
  r->setFeature(XMLUni::fgXercesLoadSchema, false);  // schemaLocation is ignored
  r->setFeature(XMLUni::fgXercesUseCachedGrammarInParse, true);
  r->setFeature(XMLUni::fgXercesCacheGrammarFromParse, false);
  r->setFeature(XMLUni::fgXercesIdentityConstraintChecking, false);
  r->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  r->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
  r->setFeature(XMLUni::fgXercesSkipDTDValidation, true);
  r->setFeature(XMLUni::fgXercesValidationErrorAsFatal, false);
  r->setFeature(XMLUni::fgXercesContinueAfterFatalError, false);
  r->setProperty(XMLUni::fgXercesSecurityManager, p->security.get());
  r->setContentHandler(p->events.get());
  r->setErrorHandler(p->events.get());
  r->setLexicalHandler(p->events.get());
  r->setEntityResolver(p->events.get());
  cache.push_back(std::move(p));
  return *cache.back();
}

// The compiled path's state, one per thread (it holds no schema state).
struct CompiledParser {
  DecodeHandler handler;
  internal::XmlScanner scanner;
  CompiledEvents events{handler, scanner};
};

bool HasSchemaIssueAt(const Issues& issues, size_t end, const std::string& path) {
  for (size_t i = 0; i < end; ++i) {
    if ((issues[i].rule_id == "XSD" || issues[i].rule_id == "FMT-001") && issues[i].path == path) {
      return true;
    }
  }
  return false;
}

// Returns false when the message needs the reference validator.
bool ParseCompiled(std::string_view xml, const SchemaSet& schemas, const DecodeOptions& options,
                   DecodeResult& result, DecodeHandler*& used) {
  thread_local CompiledParser parser;
  used = &parser.handler;
  parser.handler.Begin(schemas, options, result);
  parser.events.Reset(schemas);
  try {
    if (parser.scanner.Scan(xml, parser.events) == internal::XmlScanner::Result::kMalformed) {
      parser.events.MalformedAt(parser.scanner.error_offset(), parser.scanner.error());
    }
  } catch (const StopParse&) {
    // Issue already recorded.
  } catch (const UseReference&) {
    return false;
  }
  return true;
}

void ParseWithXerces(std::string_view xml, const SchemaSet& schemas, const DecodeOptions& options,
                     DecodeResult& result, DecodeHandler*& used) {
  internal::EnsureXercesInitialized();
  ThreadParser& parser = ParserFor(schemas);
  DecodeHandler& handler = *parser.handler;
  used = &handler;
  handler.Begin(schemas, options, result);
  parser.events->Reset(result.issues);
  try {
    xercesc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(xml.data()), xml.size(),
                                      "message", false);
    source.setCopyBufToStream(false);
    static const XMLCh kUtf8[] = {'U', 'T', 'F', '-', '8', 0};
    source.setEncoding(kUtf8);
    parser.reader->parse(source);
  } catch (const StopParse&) {
    // Issue already recorded.
  } catch (const xercesc::OutOfMemoryException&) {
    handler.MarkFatal();
    AddIssue(result.issues, "XML-001", "FF01", "", "", "the parser ran out of memory");
  } catch (const xercesc::XMLException& e) {
    handler.MarkFatal();
    AddIssue(result.issues, "XML-001", "FF01", "", "",
             "the document could not be parsed: " + internal::ToUtf8(e.getMessage()));
  } catch (const xercesc::SAXException& e) {
    handler.MarkFatal();
    AddIssue(result.issues, "XML-001", "FF01", "", "",
             "the document could not be parsed: " + internal::ToUtf8(e.getMessage()));
  } catch (...) {
    handler.MarkFatal();
    AddIssue(result.issues, "XML-001", "FF01", "", "", "the document could not be parsed");
  }
}

}  // namespace

DecodeResult Decode(std::string_view xml, const SchemaSet& schemas, const DecodeOptions& options) {
  DecodeResult result;
  if (!internal::Prescan(xml, options.max_bytes, options.max_depth, result.issues)) return result;

  DecodeHandler* used = nullptr;
  if (options.reference_validator || !ParseCompiled(xml, schemas, options, result, used)) {
    result = DecodeResult{};
    ParseWithXerces(xml, schemas, options, result, used);
  }
  DecodeHandler& handler = *used;

  if (!handler.seen_document()) {
    if (!handler.fatal()) {
      AddIssue(result.issues, "MSG-002", "FF01", "", "",
               "no Document element found: expected a Document, or a wrapper element holding an "
               "AppHdr and a Document");
    }
    result.message.reset();
    return result;
  }
  if (handler.fatal() || !options.check_rules) return result;

  const size_t schema_issues = result.issues.size();
  const MessageType& type = *handler.type();
  type.codec->validate(result.message->document, type, result.issues);
  if (result.message->app_hdr) ValidateAppHdr(*result.message->app_hdr, type.id, result.issues);
  // Locate rule issues; drop those that repeat a schema error on the same element.
  size_t keep = schema_issues;
  for (size_t i = schema_issues; i < result.issues.size(); ++i) {
    if (HasSchemaIssueAt(result.issues, schema_issues, result.issues[i].path)) continue;
    Issue& issue = result.issues[i];
    handler.PositionOf(issue.path, issue.line, issue.column);
    if (keep != i) result.issues[keep] = std::move(issue);
    ++keep;
  }
  result.issues.resize(keep);
  if (result.issues.size() > options.max_issues) result.issues.resize(options.max_issues);
  return result;
}

}  // namespace gw::codecs
