// File: codecs/iso20022/decode.cc
//
// Decode: pre-scan, then one SAX2 pass that validates against the cached grammars
// and fills the model through the field tables (internal/binding.h), then the
// business rules.
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
#include "codecs/iso20022/internal/prescan.h"
#include "codecs/iso20022/internal/xerces_support.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs {
namespace {

using internal::FieldOps;
using internal::StructTable;

// Thrown from the handler to end a parse early; never leaves this file.
struct StopParse {};

const XMLCh kCcy[] = {'C', 'c', 'y', 0};

class DecodeHandler : public xercesc::DefaultHandler {
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
  }

  const MessageType* type() const { return type_; }
  bool seen_document() const { return seen_document_; }
  bool fatal() const { return fatal_; }

  // The start position of the element at `path`, if one was recorded.
  bool PositionOf(std::string_view path, int& line, int& column) const {
    for (const Position& p : positions_) {
      if (std::string_view(arena_).substr(p.offset, p.length) == path) {
        line = p.line;
        column = p.column;
        return true;
      }
    }
    return false;
  }

  void MarkFatal() { fatal_ = true; }

  // ---- xercesc::ContentHandler
  void setDocumentLocator(const xercesc::Locator* const locator) override { locator_ = locator; }

  void startElement(const XMLCh* const uri, const XMLCh* const local, const XMLCh* const,
                    const xercesc::Attributes& attrs) override {
    if (part_ == Part::kNone) {
      StartOutside(uri, local);
      return;
    }
    Frame& parent = frames_.back();
    Frame frame;
    frame.path_len = path_.size();
    const FieldOps* ops = nullptr;
    if (parent.kind == FrameKind::kDocument) {
      if (!entered_root_ && internal::EqualsAscii(local, type_->root_tag)) {
        entered_root_ = true;
        frame.kind = FrameKind::kStruct;
        frame.table = &type_->codec->root_table();
        // StartOutside put a fresh model of this type in the document.
        frame.obj = const_cast<void*>(type_->codec->get(result_->message->document));
      }
    } else if (parent.kind == FrameKind::kStruct) {
      ops = parent.table->Find(local, xercesc::XMLString::stringLen(local));
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
            const XMLCh* ccy = attrs.getValue(kCcy);
            if (ccy != nullptr) internal::AppendUtf8(ccy_, ccy, xercesc::XMLString::stringLen(ccy));
          }
        }
      } else if (Unmodelled* u = parent.table->UnmodelledOf(parent.obj);
                 u != nullptr && DeclaredHere(internal::ToUtf8(local))) {
        // Not bound by the model: kept as it is (xml_node.h), at its place.
        UnmodelledElement& e = u->elements.emplace_back();
        std::string tag = internal::ToUtf8(local);
        e.before = internal::UnmodelledPlace(*parent.table, ParentType(), tag, parent.next_field);
        frame.kind = FrameKind::kCapture;
        frame.node = &e.node;
        FillNode(e.node, uri, local, attrs);
      }
    } else if (parent.kind == FrameKind::kCapture && DeclaredHere(internal::ToUtf8(local))) {
      frame.kind = FrameKind::kCapture;
      frame.node = &parent.node->children.emplace_back();
      FillNode(*frame.node, uri, local, attrs);
    }
    path_ += '/';
    internal::AppendUtf8(path_, local, xercesc::XMLString::stringLen(local));
    if (frame.index > 0) {
      path_ += '[';
      path_ += std::to_string(frame.index);
      path_ += ']';
    }
    frames_.push_back(frame);
    RetargetStartTagErrors();
    Record();
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
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

  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    if (part_ == Part::kNone) return;
    if (frames_.back().kind == FrameKind::kLeaf) {
      internal::AppendUtf8(text_, chars, length);
    } else if (frames_.back().kind == FrameKind::kCapture) {
      internal::AppendUtf8(frames_.back().node->text, chars, length);
    }
  }

  // ---- xercesc::ErrorHandler
  void warning(const xercesc::SAXParseException&) override {}

  void error(const xercesc::SAXParseException& e) override {
    Issue issue;
    issue.rule_id = "XSD";
    issue.reason_code = "FF01";
    issue.line = static_cast<int>(e.getLineNumber());
    issue.column = static_cast<int>(e.getColumnNumber());
    issue.message = "schema violation: " + internal::ToUtf8(e.getMessage());
    if (part_ == Part::kNone) {
      // A start tag outside AppHdr/Document (wrapper elements have no schema), or the
      // start tag of a part: decided in StartOutside.
      if (pending_.size() < 16) pending_.push_back(std::move(issue));
      return;
    }
    issue.path = path_;
    if (frames_.back().kind == FrameKind::kLeaf) issue.value = text_.substr(0, 256);
    result_->issues.push_back(std::move(issue));
    CheckIssueLimit();
  }

  void fatalError(const xercesc::SAXParseException& e) override {
    fatal_ = true;
    Issue issue;
    issue.rule_id = "XML-001";
    issue.reason_code = "FF01";
    issue.path = path_;
    issue.line = static_cast<int>(e.getLineNumber());
    issue.column = static_cast<int>(e.getColumnNumber());
    issue.message = "the document is not well-formed XML: " + internal::ToUtf8(e.getMessage());
    result_->issues.push_back(std::move(issue));
  }

  // ---- xercesc::LexicalHandler / EntityResolver: no DTDs, nothing fetched.
  void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    Fail("SEC-003", "the document has a DOCTYPE; DTDs and entity declarations are refused", "");
  }
  xercesc::InputSource* resolveEntity(const XMLCh* const, const XMLCh* const system_id) override {
    Fail("SEC-003", "the document refers to an external resource; nothing is fetched",
         internal::ToUtf8(system_id));
    return nullptr;  // not reached
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

  static void FillNode(XmlNode& node, const XMLCh* uri, const XMLCh* local,
                       const xercesc::Attributes& attrs) {
    node.ns = internal::ToUtf8(uri);
    node.tag = internal::ToUtf8(local);
    for (XMLSize_t i = 0; i < attrs.getLength(); ++i) {
      node.attributes.push_back({internal::ToUtf8(attrs.getURI(i)),
                                 internal::ToUtf8(attrs.getLocalName(i)),
                                 internal::ToUtf8(attrs.getValue(i))});
    }
  }

  [[noreturn]] void Fail(std::string_view rule, std::string message, std::string_view value) {
    AddIssue(result_->issues, rule, "FF01", path_, value, std::move(message));
    SetLocation(result_->issues.back());
    fatal_ = true;
    throw StopParse{};
  }

  void SetLocation(Issue& issue) const {
    if (locator_ != nullptr) {
      issue.line = static_cast<int>(locator_->getLineNumber());
      issue.column = static_cast<int>(locator_->getColumnNumber());
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

  // Schema errors found while scanning a start tag (bad attribute, element not
  // allowed here) are reported before startElement, at the position where the tag
  // ends; they concern the element just started, so they take its path.
  void RetargetStartTagErrors() {
    if (locator_ == nullptr) return;
    const auto line = static_cast<int>(locator_->getLineNumber());
    const auto column = static_cast<int>(locator_->getColumnNumber());
    for (size_t i = result_->issues.size(); i > 0; --i) {
      Issue& issue = result_->issues[i - 1];
      if (issue.rule_id != "XSD" || issue.line != line || issue.column != column) break;
      issue.path = path_;
    }
  }

  void Record() {
    if (positions_.size() >= 100000) return;
    Position p;
    p.offset = static_cast<uint32_t>(arena_.size());
    p.length = static_cast<uint32_t>(path_.size());
    p.line = locator_ ? static_cast<int>(locator_->getLineNumber()) : 0;
    p.column = locator_ ? static_cast<int>(locator_->getColumnNumber()) : 0;
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

  void StartOutside(const XMLCh* uri, const XMLCh* local) {
    bool is_hdr = internal::EqualsAscii(local, "AppHdr");
    bool is_doc = internal::EqualsAscii(local, "Document");
    if (!is_hdr && !is_doc) {
      pending_.clear();  // errors about a wrapper element, which has no schema
      return;
    }
    std::string ns = internal::ToUtf8(uri);
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
  const xercesc::Locator* locator_ = nullptr;
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

// One validating reader per thread and SchemaSet, bound to the set's locked pool.
struct ThreadParser {
  std::shared_ptr<SchemaSet::Impl> impl;  // keeps the pool alive while the reader exists
  std::unique_ptr<xercesc::SecurityManager> security;
  std::unique_ptr<DecodeHandler> handler;
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
  r->setContentHandler(p->handler.get());
  r->setErrorHandler(p->handler.get());
  r->setLexicalHandler(p->handler.get());
  r->setEntityResolver(p->handler.get());
  cache.push_back(std::move(p));
  return *cache.back();
}

bool HasSchemaIssueAt(const Issues& issues, size_t end, const std::string& path) {
  for (size_t i = 0; i < end; ++i) {
    if ((issues[i].rule_id == "XSD" || issues[i].rule_id == "FMT-001") && issues[i].path == path) {
      return true;
    }
  }
  return false;
}

}  // namespace

DecodeResult Decode(std::string_view xml, const SchemaSet& schemas, const DecodeOptions& options) {
  DecodeResult result;
  if (!internal::Prescan(xml, options.max_bytes, options.max_depth, result.issues)) return result;
  internal::EnsureXercesInitialized();

  ThreadParser& parser = ParserFor(schemas);
  DecodeHandler& handler = *parser.handler;
  handler.Begin(schemas, options, result);
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
