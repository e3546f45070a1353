// File: gateway/compliance/xml_importers.cc
//
// UN Security Council and EU consolidated list importers: Xerces-C SAX2, streaming,
// DTDs / external entities disabled and any DOCTYPE refused.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>
#include <xercesc/framework/XMLPScanToken.hpp>
#include <xercesc/sax/InputSource.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/BinInputStream.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/util/XMLUni.hpp>

#include "gateway/compliance/csv_reader.h"
#include "gateway/compliance/list_import.h"

namespace gw::compliance {
namespace {

namespace xc = XERCES_CPP_NAMESPACE;

void EnsureXercesInitialised() {
  static std::once_flag once;
  // Never terminated: other components may use Xerces too, and Initialize/Terminate
  // are reference counted process-wide.
  std::call_once(once, [] { xc::XMLPlatformUtils::Initialize(); });
}

std::string ToUtf8(const XMLCh* s) {
  if (s == nullptr || *s == 0) return {};
  xc::TranscodeToStr t(s, "UTF-8");
  return std::string(reinterpret_cast<const char*>(t.str()), t.length());
}

std::string ToUtf8(const XMLCh* s, XMLSize_t len) {
  if (s == nullptr || len == 0) return {};
  xc::TranscodeToStr t(s, len, "UTF-8");
  return std::string(reinterpret_cast<const char*>(t.str()), t.length());
}

// Raised inside SAX callbacks to abort the parse; caught around parse().
struct XmlRefusal {
  uint64_t line;
  std::string problem;
};

class IstreamBinInputStream : public xc::BinInputStream {
 public:
  IstreamBinInputStream(std::istream& in, uint64_t* counter) : in_(in), counter_(counter) {}
  XMLFilePos curPos() const override { return pos_; }
  XMLSize_t readBytes(XMLByte* const to_fill, const XMLSize_t max_to_read) override {
    in_.read(reinterpret_cast<char*>(to_fill), static_cast<std::streamsize>(max_to_read));
    auto n = static_cast<XMLSize_t>(in_.gcount());
    pos_ += n;
    *counter_ = pos_;
    return n;
  }
  const XMLCh* getContentType() const override { return nullptr; }

 private:
  std::istream& in_;
  uint64_t* counter_;
  XMLFilePos pos_ = 0;
};

// The parser owns (and deletes) the stream made here; the byte count outlives it.
class IstreamInputSource : public xc::InputSource {
 public:
  explicit IstreamInputSource(std::istream& in) : in_(in) {}
  xc::BinInputStream* makeStream() const override {
    return new IstreamBinInputStream(in_, &bytes_read_);
  }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  std::istream& in_;
  mutable uint64_t bytes_read_ = 0;
};

// Common machinery: locator, bounded text capture, error handling, DOCTYPE refusal.
class ListHandler : public xc::DefaultHandler {
 public:
  ListHandler(const ImportOptions& options, std::string file_label)
      : options_(options), file_label_(std::move(file_label)) {}

  void setDocumentLocator(const xc::Locator* const locator) override { locator_ = locator; }
  void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    Refuse("a DOCTYPE declaration is not allowed");
  }
  void startEntity(const XMLCh* const name) override {
    Refuse("entity reference '" + ToUtf8(name) + "' is not allowed");
  }
  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    if (!capturing_) return;
    text_ += ToUtf8(chars, length);
    if (text_.size() > options_.max_record_bytes) {
      Refuse("element text longer than " + std::to_string(options_.max_record_bytes) + " bytes");
    }
  }
  void warning(const xc::SAXParseException&) override {}
  void error(const xc::SAXParseException& e) override { FromException(e); }
  void fatalError(const xc::SAXParseException& e) override { FromException(e); }

  // The current line while parsing; the last line seen once the parse has ended (the
  // locator is only valid during the parse).
  uint64_t Line() const {
    if (locator_ != nullptr) last_line_ = static_cast<uint64_t>(locator_->getLineNumber());
    return last_line_;
  }
  void endDocument() override { Line(); }
  void ParseEnded() { locator_ = nullptr; }
  [[noreturn]] void Refuse(const std::string& problem) const { throw XmlRefusal{Line(), problem}; }

  std::string Attr(const xc::Attributes& attrs, const char* name) const {
    XMLCh* xname = xc::XMLString::transcode(name);
    const XMLCh* v = attrs.getValue(xname);
    xc::XMLString::release(&xname);
    std::string out = TrimAscii(ToUtf8(v));
    if (out.size() > options_.max_record_bytes) {
      Refuse(std::string("attribute ") + name + " longer than " +
             std::to_string(options_.max_record_bytes) + " bytes");
    }
    return out;
  }

  void StartCapture() {
    text_.clear();
    capturing_ = true;
  }
  std::string EndCapture() {
    capturing_ = false;
    return TrimAscii(text_);
  }

  void Reject(uint64_t line, std::string reason) {
    ++result_.report.rejected_count;
    if (result_.report.rejected.size() < options_.max_rejected_kept) {
      result_.report.rejected.push_back({file_label_, line, std::move(reason)});
    }
  }

  void AddEntry(ListEntry entry, uint64_t line) {
    if (entry.primary_name.empty()) {
      throw XmlRefusal{line, "entry " + entry.entry_id + " has no name"};
    }
    if (!ids_.insert(entry.entry_id).second) {
      Reject(line, "duplicate entry id " + entry.entry_id);
      return;
    }
    if (result_.list.entries.size() >= options_.max_entries) {
      Refuse("more than " + std::to_string(options_.max_entries) + " entries");
    }
    result_.report.aliases += entry.aliases.size();
    result_.report.addresses += entry.addresses.size();
    ++result_.report.entries;
    result_.list.entries.push_back(std::move(entry));
    ++records_;
    if (options_.progress && options_.progress_every_records > 0 &&
        records_ % options_.progress_every_records == 0 && source_ != nullptr) {
      options_.progress(source_->bytes_read(), total_bytes_, records_);
    }
  }

  ImportResult& result() { return result_; }
  const std::string& file_label() const { return file_label_; }
  void set_source(const IstreamInputSource* source, uint64_t total_bytes) {
    source_ = source;
    total_bytes_ = total_bytes;
  }
  uint64_t records() const { return records_; }
  void FinishProgress() {
    if (options_.progress && source_ != nullptr) {
      options_.progress(source_->bytes_read(), total_bytes_, records_);
    }
  }

 protected:
  const ImportOptions& options_;

 private:
  void FromException(const xc::SAXParseException& e) {
    throw XmlRefusal{static_cast<uint64_t>(e.getLineNumber()), ToUtf8(e.getMessage())};
  }

  std::string file_label_;
  const xc::Locator* locator_ = nullptr;
  mutable uint64_t last_line_ = 0;
  std::string text_;
  bool capturing_ = false;
  ImportResult result_;
  std::unordered_set<std::string> ids_;
  const IstreamInputSource* source_ = nullptr;
  uint64_t total_bytes_ = 0;
  uint64_t records_ = 0;
};

StatusOr<ImportResult> RunParse(std::istream& in, ListHandler& handler, uint64_t total_bytes) {
  EnsureXercesInitialised();
  std::unique_ptr<xc::SAX2XMLReader> parser(xc::XMLReaderFactory::createXMLReader());
  parser->setFeature(xc::XMLUni::fgSAX2CoreNameSpaces, true);
  parser->setFeature(xc::XMLUni::fgSAX2CoreNameSpacePrefixes, false);
  parser->setFeature(xc::XMLUni::fgSAX2CoreValidation, false);
  parser->setFeature(xc::XMLUni::fgXercesSchema, false);
  parser->setFeature(xc::XMLUni::fgXercesLoadExternalDTD, false);
  parser->setFeature(xc::XMLUni::fgXercesDisableDefaultEntityResolution, true);
  parser->setFeature(xc::XMLUni::fgXercesLoadSchema, false);
  parser->setContentHandler(&handler);
  parser->setErrorHandler(&handler);
  parser->setLexicalHandler(&handler);
  parser->setEntityResolver(&handler);
  IstreamInputSource source(in);
  handler.set_source(&source, total_bytes);
  const std::string& label = handler.file_label();
  struct EndGuard {  // runs before any catch handler below
    ListHandler& h;
    ~EndGuard() { h.ParseEnded(); }
  };
  try {
    EndGuard guard{handler};
    parser->parse(source);
  } catch (const XmlRefusal& r) {
    return InvalidArgument(label + " line " + std::to_string(r.line) + ": " + r.problem);
  } catch (const xc::SAXParseException& e) {
    return InvalidArgument(label + " line " + std::to_string(e.getLineNumber()) + ": " +
                           ToUtf8(e.getMessage()));
  } catch (const xc::XMLException& e) {
    return InvalidArgument(label + " line " + std::to_string(e.getSrcLine()) + ": " +
                           ToUtf8(e.getMessage()));
  } catch (const xc::OutOfMemoryException&) {
    return ResourceExhausted(label + ": out of memory while parsing");
  } catch (const xc::SAXException& e) {
    return InvalidArgument(label + " line " + std::to_string(handler.Line()) + ": " +
                           ToUtf8(e.getMessage()));
  }
  handler.ParseEnded();
  handler.FinishProgress();
  ImportResult& result = handler.result();
  result.report.lines_read = handler.Line();
  return std::move(result);
}

std::string JoinNonEmpty(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += p;
  }
  return out;
}

// ---------------------------------------------------------------------------
// UN Security Council consolidated list.
class UnHandler : public ListHandler {
 public:
  explicit UnHandler(const ImportOptions& options) : ListHandler(options, "consolidated.xml") {
    result().list.name = options.list_name.empty() ? "UN-SC" : options.list_name;
    result().list.version = options.list_version;
  }

  void startElement(const XMLCh* const, const XMLCh* const localname, const XMLCh* const,
                    const xc::Attributes& attrs) override {
    std::string name = ToUtf8(localname);
    std::string parent = path_.empty() ? std::string() : path_.back();
    path_.push_back(name);
    if (path_.size() == 1) {
      if (name != "CONSOLIDATED_LIST") {
        Refuse("root element is '" + name + "', expected 'CONSOLIDATED_LIST'");
      }
      if (result().list.version.empty()) result().list.version = Attr(attrs, "dateGenerated");
      return;
    }
    if ((name == "INDIVIDUAL" && parent == "INDIVIDUALS") ||
        (name == "ENTITY" && parent == "ENTITIES")) {
      in_entry_ = true;
      entry_ = ListEntry();
      entry_.list_name = result().list.name;
      entry_.type = name == "INDIVIDUAL" ? EntryType::kIndividual : EntryType::kEntity;
      names_.assign(4, "");
      entry_line_ = Line();
      return;
    }
    if (!in_entry_) return;
    if (name == "INDIVIDUAL_ALIAS" || name == "ENTITY_ALIAS") {
      alias_ = Alias();
    } else if (name == "INDIVIDUAL_ADDRESS" || name == "ENTITY_ADDRESS") {
      address_ = Address();
    }
    StartCapture();
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    std::string name = path_.back();
    path_.pop_back();
    if (!in_entry_) return;
    std::string parent = path_.empty() ? std::string() : path_.back();
    if ((name == "INDIVIDUAL" && parent == "INDIVIDUALS") ||
        (name == "ENTITY" && parent == "ENTITIES")) {
      in_entry_ = false;
      if (entry_.entry_id.empty()) {
        throw XmlRefusal{entry_line_, "required element DATAID is missing or empty"};
      }
      entry_.primary_name = JoinNonEmpty(names_);
      if (entry_.primary_name.empty()) {
        throw XmlRefusal{entry_line_, "required element FIRST_NAME is missing or empty (DATAID " +
                                          entry_.entry_id + ")"};
      }
      AddEntry(std::move(entry_), entry_line_);
      return;
    }
    std::string text = EndCapture();
    if (name == "INDIVIDUAL_ALIAS" || name == "ENTITY_ALIAS") {
      if (!alias_.name.empty()) entry_.aliases.push_back(std::move(alias_));
      return;
    }
    if (name == "INDIVIDUAL_ADDRESS" || name == "ENTITY_ADDRESS") {
      if (!address_.street.empty() || !address_.city.empty() || !address_.country.empty()) {
        entry_.addresses.push_back(std::move(address_));
      }
      return;
    }
    if (parent == "INDIVIDUAL_ALIAS" || parent == "ENTITY_ALIAS") {
      if (name == "ALIAS_NAME") alias_.name = text;
      if (name == "QUALITY") alias_.quality = text;
      return;
    }
    if (parent == "INDIVIDUAL_ADDRESS" || parent == "ENTITY_ADDRESS") {
      if (name == "STREET") address_.street = text;
      if (name == "CITY" || name == "STATE_PROVINCE" || name == "ZIP_CODE") {
        if (!text.empty()) address_.city += (address_.city.empty() ? "" : ", ") + text;
      }
      if (name == "COUNTRY") address_.country = text;
      return;
    }
    if (parent == "NATIONALITY" && name == "VALUE") {
      if (!text.empty()) entry_.nationalities.push_back(text);
      return;
    }
    if (parent != "INDIVIDUAL" && parent != "ENTITY") return;
    if (name == "DATAID")
      entry_.entry_id = text;
    else if (name == "REFERENCE_NUMBER")
      entry_.reference = text;
    else if (name == "FIRST_NAME")
      names_[0] = text;
    else if (name == "SECOND_NAME")
      names_[1] = text;
    else if (name == "THIRD_NAME")
      names_[2] = text;
    else if (name == "FOURTH_NAME")
      names_[3] = text;
    else if (name == "UN_LIST_TYPE") {
      if (!text.empty()) entry_.programmes.push_back(text);
    } else if (name == "COMMENTS1")
      entry_.remarks = text;
  }

 private:
  std::vector<std::string> path_;
  bool in_entry_ = false;
  ListEntry entry_;
  std::vector<std::string> names_;
  Alias alias_;
  Address address_;
  uint64_t entry_line_ = 0;
};

// True when `utf8` has no letter outside ASCII, Latin-1 and Latin Extended-A/B
// (no Cyrillic, Greek, Arabic, ... text).
bool IsLatinScript(std::string_view utf8) {
  for (size_t i = 0; i < utf8.size(); ++i) {
    auto b = static_cast<unsigned char>(utf8[i]);
    if (b < 0xC0) continue;                  // ASCII or a continuation byte
    if (b >= 0xCA && b < 0xE0) return false;  // U+0280 .. U+07FF: IPA, Greek, Cyrillic, Arabic, ...
    if (b >= 0xE0) {
      // Three-byte sequences: allow general punctuation (U+2000..U+206F, E2 80/81 xx) only.
      if (!(b == 0xE2 && i + 1 < utf8.size() &&
            (static_cast<unsigned char>(utf8[i + 1]) == 0x80 || static_cast<unsigned char>(utf8[i + 1]) == 0x81))) {
        return false;
      }
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// EU consolidated financial sanctions list.
constexpr char kEuNamespace[] = "http://eu.europa.ec/fpi/fsd/export";

class EuHandler : public ListHandler {
 public:
  explicit EuHandler(const ImportOptions& options) : ListHandler(options, "consolidated.xml") {
    result().list.name = options.list_name.empty() ? "EU-FSF" : options.list_name;
    result().list.version = options.list_version;
  }

  void startElement(const XMLCh* const uri, const XMLCh* const localname, const XMLCh* const,
                    const xc::Attributes& attrs) override {
    std::string name = ToUtf8(localname);
    std::string ns = ToUtf8(uri);
    ++depth_;
    if (depth_ == 1) {
      if (name != "export" || ns != kEuNamespace) {
        Refuse("root element is '{" + ns + "}" + name + "', expected '{" + kEuNamespace +
               "}export'");
      }
      if (result().list.version.empty()) result().list.version = Attr(attrs, "generationDate");
      return;
    }
    if (ns != kEuNamespace) return;
    if (depth_ == 2 && name == "sanctionEntity") {
      in_entry_ = true;
      entry_ = ListEntry();
      entry_.list_name = result().list.name;
      entry_line_ = Line();
      entry_.entry_id = Attr(attrs, "logicalId");
      entry_.reference = Attr(attrs, "euReferenceNumber");
      has_subject_type_ = false;
      names_.clear();
      return;
    }
    if (!in_entry_ || depth_ != 3) return;
    if (name == "subjectType") {
      std::string code = Attr(attrs, "code");
      has_subject_type_ = true;
      if (code == "person")
        entry_.type = EntryType::kIndividual;
      else if (code == "enterprise")
        entry_.type = EntryType::kEntity;
      else
        Refuse("unknown subjectType code '" + code + "'");
    } else if (name == "nameAlias") {
      std::string whole = Attr(attrs, "wholeName");
      if (whole.empty()) {
        whole = JoinNonEmpty(
            {Attr(attrs, "firstName"), Attr(attrs, "middleName"), Attr(attrs, "lastName")});
      }
      if (whole.empty()) return;
      // Names are collected and the primary one chosen at the end of the entity: the
      // first name in Latin script, since a name in Cyrillic, Arabic or Greek script
      // (nameLanguage RU, AR, EL, ...) may come first.
      names_.push_back({whole, Attr(attrs, "strong") == "true" ? "strong" : "weak"});
    } else if (name == "birthdate") {
      // birthdate="YYYY-MM-DD", or only year (and month) when the day is unknown.
      std::string date = Attr(attrs, "birthdate");
      if (date.empty()) {
        date = Attr(attrs, "year");
        std::string month = Attr(attrs, "monthOfYear");
        if (!date.empty() && !month.empty()) date += (month.size() == 1 ? "-0" : "-") + month;
      }
      if (!date.empty()) {
        // Kept in the remarks the way OFAC publishes them ("DOB ..."), where screening
        // reads dates of birth from.
        std::string dob = "DOB " + std::string(Attr(attrs, "circa") == "true" ? "circa " : "") + date;
        entry_.remarks += (entry_.remarks.empty() ? "" : "; ") + dob;
      }
    } else if (name == "identification") {
      std::string type = Attr(attrs, "identificationTypeCode");
      std::string number = Attr(attrs, "number");
      if (number.empty()) number = Attr(attrs, "latinNumber");
      if (type == "swiftbic" || Attr(attrs, "identificationTypeDescription").find("BIC") != std::string::npos) {
        std::string bic;
        for (char c : number) {
          if (c != ' ') bic.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        }
        if (IsValidBic(bic)) {
          if (std::find(entry_.bics.begin(), entry_.bics.end(), bic) == entry_.bics.end()) entry_.bics.push_back(bic);
        } else if (!bic.empty()) {
          Reject(Line(), "invalid BIC '" + number + "' in identification (logicalId " + entry_.entry_id + ")");
        }
      }
    } else if (name == "address") {
      Address a;
      a.street = Attr(attrs, "street");
      a.city = JoinNonEmpty({Attr(attrs, "zipCode"), Attr(attrs, "city"), Attr(attrs, "region")});
      a.country_iso2 = Attr(attrs, "countryIso2Code");
      if (a.country_iso2 == "00") a.country_iso2.clear();  // EU's "unknown"
      a.country = Attr(attrs, "countryDescription");
      if (a.country.empty()) a.country = a.country_iso2;
      if (!a.street.empty() || !a.city.empty() || !a.country.empty()) {
        entry_.addresses.push_back(std::move(a));
      }
    } else if (name == "citizenship") {
      std::string c = Attr(attrs, "countryIso2Code");
      if (c.empty() || c == "00") c = Attr(attrs, "countryDescription");
      if (!c.empty()) entry_.nationalities.push_back(c);
    } else if (name == "regulation") {
      std::string p = Attr(attrs, "programme");
      if (!p.empty() && std::find(entry_.programmes.begin(), entry_.programmes.end(), p) ==
                            entry_.programmes.end()) {
        entry_.programmes.push_back(p);
      }
    } else if (name == "remark") {
      StartCapture();
      in_remark_ = true;
    }
  }

  void endElement(const XMLCh* const uri, const XMLCh* const localname,
                  const XMLCh* const) override {
    int depth = depth_--;
    if (!in_entry_) return;
    if (ToUtf8(uri) != kEuNamespace) return;
    std::string name = ToUtf8(localname);
    if (depth == 3 && name == "remark" && in_remark_) {
      in_remark_ = false;
      std::string text = EndCapture();
      if (!text.empty()) entry_.remarks += (entry_.remarks.empty() ? "" : "; ") + text;
      return;
    }
    if (depth == 2 && name == "sanctionEntity") {
      in_entry_ = false;
      if (entry_.entry_id.empty()) {
        throw XmlRefusal{entry_line_, "required attribute logicalId is missing on sanctionEntity"};
      }
      if (!has_subject_type_) {
        throw XmlRefusal{entry_line_, "required element subjectType is missing (logicalId " +
                                          entry_.entry_id + ")"};
      }
      if (!names_.empty()) {
        size_t primary = 0;
        for (size_t i = 0; i < names_.size(); ++i) {
          if (IsLatinScript(names_[i].name)) {
            primary = i;
            break;
          }
        }
        entry_.primary_name = names_[primary].name;
        for (size_t i = 0; i < names_.size(); ++i) {
          if (i != primary) entry_.aliases.push_back(std::move(names_[i]));
        }
      }
      if (entry_.primary_name.empty()) {
        throw XmlRefusal{entry_line_,
                         "required element nameAlias is missing or has no name "
                         "(logicalId " +
                             entry_.entry_id + ")"};
      }
      AddEntry(std::move(entry_), entry_line_);
    }
  }

 private:
  int depth_ = 0;
  bool in_entry_ = false;
  bool in_remark_ = false;
  bool has_subject_type_ = false;
  ListEntry entry_;
  std::vector<Alias> names_;  // every nameAlias of the entity, in document order
  uint64_t entry_line_ = 0;
};

uint64_t FileSizeOrZero(const std::filesystem::path& p) {
  std::error_code ec;
  auto size = std::filesystem::file_size(p, ec);
  return ec ? 0 : static_cast<uint64_t>(size);
}

}  // namespace

StatusOr<ImportResult> ImportUnConsolidated(std::istream& xml, const ImportOptions& options) {
  UnHandler handler(options);
  return RunParse(xml, handler, 0);
}

StatusOr<ImportResult> ImportUnConsolidatedFile(const std::filesystem::path& file,
                                                const ImportOptions& options) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFound("cannot open " + file.string());
  UnHandler handler(options);
  return RunParse(in, handler, FileSizeOrZero(file));
}

StatusOr<ImportResult> ImportEuConsolidated(std::istream& xml, const ImportOptions& options) {
  EuHandler handler(options);
  return RunParse(xml, handler, 0);
}

StatusOr<ImportResult> ImportEuConsolidatedFile(const std::filesystem::path& file,
                                                const ImportOptions& options) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFound("cannot open " + file.string());
  EuHandler handler(options);
  return RunParse(in, handler, FileSizeOrZero(file));
}

}  // namespace gw::compliance
