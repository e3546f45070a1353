// File: codecs/iso20022/schema_set.cc
#include "codecs/iso20022/schema_set.h"

#include <mutex>
#include <system_error>

#include <xercesc/framework/LocalFileInputSource.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/util/XMLUni.hpp>
#include <xercesc/validators/common/Grammar.hpp>

#include "codecs/iso20022/internal/content_model.h"
#include "codecs/iso20022/internal/xerces_support.h"
#include "codecs/iso20022/internal/xml_scanner.h"
#include "codecs/iso20022/registry.h"

namespace gw::codecs {
namespace internal {

void EnsureXercesInitialized() {
  static std::once_flag once;
  std::call_once(once, [] { xercesc::XMLPlatformUtils::Initialize(); });
}

void AppendUtf8(std::string& out, const XMLCh* s, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    uint32_t c = s[i];
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < len && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (static_cast<uint32_t>(s[i + 1]) - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;  // lone surrogate (cannot come from valid UTF-8 input)
    }
    AppendCodePoint(out, c);
  }
}

std::string ToUtf8(const XMLCh* s) {
  std::string out;
  if (s != nullptr) AppendUtf8(out, s, xercesc::XMLString::stringLen(s));
  return out;
}

bool EqualsAscii(const XMLCh* s, std::string_view ascii) {
  size_t i = 0;
  for (; i < ascii.size(); ++i) {
    if (s[i] != static_cast<XMLCh>(static_cast<unsigned char>(ascii[i]))) return false;
  }
  return s[i] == 0;
}

}  // namespace internal

namespace {

// Collects schema compilation errors; refuses to fetch anything a schema names.
class LoadHandler : public xercesc::DefaultHandler {
 public:
  void error(const xercesc::SAXParseException& e) override { Record(e); }
  void fatalError(const xercesc::SAXParseException& e) override { Record(e); }
  xercesc::InputSource* resolveEntity(const XMLCh* const, const XMLCh* const system_id) override {
    if (errors.empty()) errors = "refused to fetch '" + internal::ToUtf8(system_id) + "'";
    static const XMLByte kEmpty[] = {0};
    return new xercesc::MemBufInputSource(kEmpty, 0, "refused");
  }
  std::string errors;

 private:
  void Record(const xercesc::SAXParseException& e) {
    if (!errors.empty()) return;  // the first error is enough to fix a schema
    errors = std::to_string(e.getLineNumber()) + ":" + std::to_string(e.getColumnNumber()) + ": " +
             internal::ToUtf8(e.getMessage());
  }
};

}  // namespace

SchemaSet::Impl::~Impl() = default;

SchemaSet::SchemaSet(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
SchemaSet::~SchemaSet() = default;

const std::filesystem::path& SchemaSet::dir() const { return impl_->dir; }
const std::vector<std::string>& SchemaSet::loaded() const { return impl_->loaded; }
const std::vector<std::string>& SchemaSet::reference_only() const { return impl_->reference_only; }

const internal::CompiledSchema* SchemaSet::compiled(std::string_view ns) const {
  auto it = impl_->compiled.find(ns);
  return it == impl_->compiled.end() ? nullptr : it->second.get();
}

bool SchemaSet::reference_only(std::string_view ns) const { return impl_->reference_namespaces.contains(ns); }

bool SchemaSet::Has(std::string_view id) const {
  for (const auto& l : impl_->loaded) {
    if (l == id) return true;
  }
  return false;
}

StatusOr<std::shared_ptr<const SchemaSet>> SchemaSet::Load(const std::filesystem::path& dir) {
  internal::EnsureXercesInitialized();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return NotFound("schema directory " + dir.string() + " does not exist or is not a directory");
  }
  auto impl = std::make_shared<Impl>();
  impl->dir = dir;
  impl->pool = std::make_unique<xercesc::XMLGrammarPoolImpl>(xercesc::XMLPlatformUtils::fgMemoryManager);

  std::vector<std::pair<std::string, std::string>> files;  // id, file name
  for (const HeaderType& h : AllHeaderTypes()) files.emplace_back(h.id, h.schema_file);
  for (const MessageType& m : AllMessageTypes()) files.emplace_back(m.id, m.schema_file);

  try {
    std::unique_ptr<xercesc::SAX2XMLReader> loader(xercesc::XMLReaderFactory::createXMLReader(
        xercesc::XMLPlatformUtils::fgMemoryManager, impl->pool.get()));
    using xercesc::XMLUni;
    loader->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
    loader->setFeature(XMLUni::fgXercesSchema, true);
    loader->setFeature(XMLUni::fgXercesSchemaFullChecking, true);
    loader->setFeature(XMLUni::fgXercesHandleMultipleImports, true);
    loader->setFeature(XMLUni::fgXercesIgnoreAnnotations, true);
    loader->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
    LoadHandler handler;
    loader->setErrorHandler(&handler);
    loader->setEntityResolver(&handler);
    for (const auto& [id, file] : files) {
      std::filesystem::path path = dir / file;
      if (!std::filesystem::is_regular_file(path, ec)) continue;
      std::unique_ptr<XMLCh[], void (*)(XMLCh*)> xpath(
          xercesc::XMLString::transcode(path.string().c_str()),
          [](XMLCh* p) { xercesc::XMLString::release(&p); });
      xercesc::LocalFileInputSource source(xpath.get());
      handler.errors.clear();
      xercesc::Grammar* grammar = loader->loadGrammar(source, xercesc::Grammar::SchemaGrammarType, true);
      if (!handler.errors.empty() || grammar == nullptr) {
        return InvalidArgument("schema " + path.string() + " is not valid: " +
                               (handler.errors.empty() ? std::string("no grammar") : handler.errors));
      }
      impl->loaded.push_back(id);
      // Xerces-C accepted the schema; the compiled validator takes it if it can.
      const std::string ns = "urn:iso:std:iso:20022:tech:xsd:" + id;
      auto compiled = internal::CompiledSchema::Compile(path);
      if (compiled.ok() && compiled.value()->target_namespace() == ns) {
        impl->compiled.emplace(ns, std::move(compiled).value());
      } else {
        impl->reference_namespaces.insert(ns);
        impl->reference_only.push_back(id + ": " + (compiled.ok() ? "its target namespace is not " + ns
                                                                  : compiled.status().message()));
      }
      if (internal::ContentModelsOf("urn:iso:std:iso:20022:tech:xsd:" + id) == nullptr) {
        if (Status st = internal::RegisterContentModels(path); !st.ok()) return st;
      }
    }
  } catch (const xercesc::XMLException& e) {
    return InvalidArgument("loading schemas from " + dir.string() + ": " + internal::ToUtf8(e.getMessage()));
  } catch (const xercesc::SAXException& e) {
    return InvalidArgument("loading schemas from " + dir.string() + ": " + internal::ToUtf8(e.getMessage()));
  } catch (const xercesc::OutOfMemoryException&) {
    return ResourceExhausted("out of memory loading schemas from " + dir.string());
  }
  if (impl->loaded.empty()) {
    return NotFound("no schema of a supported message (" + SupportedMessageList() +
                    ", head.001.001.02) found in " + dir.string());
  }
  impl->patterns_prepared = internal::PrepareGrammarsForSharing(*impl->pool);
  impl->pool->lockPool();
  return std::shared_ptr<const SchemaSet>(new SchemaSet(std::move(impl)));
}

}  // namespace gw::codecs
