// File: codecs/iso20022/internal/content_model.cc
#include "codecs/iso20022/internal/content_model.h"

#include <map>
#include <mutex>
#include <shared_mutex>

#include <xercesc/framework/LocalFileInputSource.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/util/XMLUni.hpp>

#include "codecs/iso20022/internal/xerces_support.h"

namespace gw::codecs::internal {
namespace {

constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema";

std::string Attr(const xercesc::Attributes& attrs, const char* name) {
  XMLCh buf[32];
  xercesc::XMLString::transcode(name, buf, 31);
  return ToUtf8(attrs.getValue(buf));
}

std::string_view LocalPart(std::string_view qname) {
  size_t colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

bool Repeats(const std::string& max_occurs) {
  return !max_occurs.empty() && max_occurs != "1" && max_occurs != "0";
}

class XsdReader : public xercesc::DefaultHandler {
 public:
  explicit XsdReader(NamespaceModel& model) : model_(model) {}

  void startElement(const XMLCh* const uri, const XMLCh* const local, const XMLCh* const,
                    const xercesc::Attributes& attrs) override {
    ++depth_;
    if (ToUtf8(uri) != kXsd) return;
    const std::string name = ToUtf8(local);
    if (name == "schema") {
      model_.ns = Attr(attrs, "targetNamespace");
    } else if (name == "complexType") {
      std::string type_name = Attr(attrs, "name");
      current_ = type_name.empty() ? nullptr : &model_.types[type_name];
      if (current_ != nullptr) current_->kind = ContentType::Kind::kElements;
      groups_.clear();
    } else if (name == "sequence" || name == "choice") {
      groups_.push_back(Repeats(Attr(attrs, "maxOccurs")));
    } else if (name == "element") {
      if (depth_ == 2) {
        model_.globals[Attr(attrs, "name")] = std::string(LocalPart(Attr(attrs, "type")));
      } else if (current_ != nullptr) {
        bool repeated = Repeats(Attr(attrs, "maxOccurs"));
        for (bool g : groups_) repeated |= g;
        current_->elements.push_back(
            {Attr(attrs, "name"), std::string(LocalPart(Attr(attrs, "type"))), repeated});
      }
    } else if (name == "any") {
      if (current_ != nullptr) current_->kind = ContentType::Kind::kWildcard;
    } else if (name == "simpleContent") {
      if (current_ != nullptr) current_->kind = ContentType::Kind::kSimpleContent;
    } else if (name == "attribute") {
      if (current_ != nullptr) current_->attributes.push_back(Attr(attrs, "name"));
    }
  }

  void endElement(const XMLCh* const uri, const XMLCh* const local, const XMLCh* const) override {
    --depth_;
    if (ToUtf8(uri) != kXsd) return;
    const std::string name = ToUtf8(local);
    if (name == "complexType") {
      current_ = nullptr;
    } else if ((name == "sequence" || name == "choice") && !groups_.empty()) {
      groups_.pop_back();
    }
  }

  void error(const xercesc::SAXParseException& e) override { Record(e); }
  void fatalError(const xercesc::SAXParseException& e) override { Record(e); }
  xercesc::InputSource* resolveEntity(const XMLCh* const, const XMLCh* const) override {
    static const XMLByte kEmpty[] = {0};
    return new xercesc::MemBufInputSource(kEmpty, 0, "refused");
  }

  std::string errors;

 private:
  void Record(const xercesc::SAXParseException& e) {
    if (errors.empty()) errors = ToUtf8(e.getMessage());
  }

  NamespaceModel& model_;
  ContentType* current_ = nullptr;
  std::vector<bool> groups_;  // enclosing sequence/choice: repeats?
  int depth_ = 0;
};

struct Registry {
  std::shared_mutex mu;
  std::map<std::string, std::unique_ptr<NamespaceModel>, std::less<>> models;
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();  // never destroyed: pointers handed out stay valid
  return *registry;
}

const ContentType kSimpleType{};

}  // namespace

int ContentType::IndexOf(std::string_view name) const {
  for (size_t i = 0; i < elements.size(); ++i) {
    if (elements[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

const ContentType* NamespaceModel::Type(std::string_view name) const {
  auto it = types.find(std::string(name));
  return it == types.end() ? &kSimpleType : &it->second;
}

const ContentType* NamespaceModel::Child(const ContentType* parent, std::string_view tag) const {
  if (parent == nullptr) return nullptr;
  int i = parent->IndexOf(tag);
  return i < 0 ? nullptr : Type(parent->elements[i].type);
}

const ContentType* NamespaceModel::Global(std::string_view element) const {
  auto it = globals.find(std::string(element));
  return it == globals.end() ? nullptr : Type(it->second);
}

bool NamespaceModel::Repeated(const ContentType* parent, std::string_view tag) {
  if (parent == nullptr) return false;
  int i = parent->IndexOf(tag);
  return i >= 0 && parent->elements[i].repeated;
}

Status RegisterContentModels(const std::filesystem::path& xsd) {
  EnsureXercesInitialized();
  auto model = std::make_unique<NamespaceModel>();
  try {
    std::unique_ptr<xercesc::SAX2XMLReader> reader(xercesc::XMLReaderFactory::createXMLReader());
    using xercesc::XMLUni;
    reader->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
    reader->setFeature(XMLUni::fgSAX2CoreValidation, false);
    reader->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
    reader->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
    XsdReader handler(*model);
    reader->setContentHandler(&handler);
    reader->setErrorHandler(&handler);
    reader->setEntityResolver(&handler);
    std::unique_ptr<XMLCh[], void (*)(XMLCh*)> xpath(
        xercesc::XMLString::transcode(xsd.string().c_str()),
        [](XMLCh* p) { xercesc::XMLString::release(&p); });
    xercesc::LocalFileInputSource source(xpath.get());
    reader->parse(source);
    if (!handler.errors.empty()) {
      return InvalidArgument("schema " + xsd.string() + ": " + handler.errors);
    }
  } catch (const xercesc::XMLException& e) {
    return InvalidArgument("schema " + xsd.string() + ": " + ToUtf8(e.getMessage()));
  } catch (const xercesc::SAXException& e) {
    return InvalidArgument("schema " + xsd.string() + ": " + ToUtf8(e.getMessage()));
  }
  Registry& registry = TheRegistry();
  std::unique_lock lock(registry.mu);
  if (!registry.models.contains(model->ns)) {
    std::string ns = model->ns;
    registry.models.emplace(std::move(ns), std::move(model));
  }
  return Status::Ok();
}

const NamespaceModel* ContentModelsOf(std::string_view ns) {
  Registry& registry = TheRegistry();
  std::shared_lock lock(registry.mu);
  auto it = registry.models.find(ns);
  return it == registry.models.end() ? nullptr : it->second.get();
}

const ContentType* ResolveType(const NamespaceModel& model, std::string_view root,
                               const std::vector<std::string_view>& tags) {
  const ContentType* type = model.Global(root);
  for (std::string_view tag : tags) {
    if (type == nullptr) break;
    type = model.Child(type, tag);
  }
  return type;
}

}  // namespace gw::codecs::internal
