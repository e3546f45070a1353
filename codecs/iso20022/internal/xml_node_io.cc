// File: codecs/iso20022/internal/xml_node_io.cc
#include "codecs/iso20022/internal/xml_node_io.h"

#include <memory>

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLUni.hpp>

#include "codecs/iso20022/internal/xerces_support.h"

namespace gw::codecs::internal {
namespace {

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";

bool IsXmlSpace(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

// Builds XmlNode trees from SAX events; the outermost element is the wrapper.
class FragmentHandler : public xercesc::DefaultHandler {
 public:
  explicit FragmentHandler(std::vector<XmlNode>& out) : out_(out) {}

  void startElement(const XMLCh* const uri, const XMLCh* const local, const XMLCh* const,
                    const xercesc::Attributes& attrs) override {
    if (stack_.empty() && !in_wrapper_) {
      in_wrapper_ = true;
      return;
    }
    std::vector<XmlNode>& siblings = stack_.empty() ? out_ : stack_.back()->children;
    XmlNode& node = siblings.emplace_back();
    node.ns = ToUtf8(uri);
    node.tag = ToUtf8(local);
    for (XMLSize_t i = 0; i < attrs.getLength(); ++i) {
      node.attributes.push_back(
          {ToUtf8(attrs.getURI(i)), ToUtf8(attrs.getLocalName(i)), ToUtf8(attrs.getValue(i))});
    }
    stack_.push_back(&node);
  }
  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    if (stack_.empty()) return;  // the wrapper
    XmlNode* node = stack_.back();
    if (!node->children.empty() && IsXmlSpace(node->text)) node->text.clear();
    stack_.pop_back();
  }
  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    if (!stack_.empty()) AppendUtf8(stack_.back()->text, chars, length);
  }
  void error(const xercesc::SAXParseException& e) override { Record(e); }
  void fatalError(const xercesc::SAXParseException& e) override { Record(e); }
  void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    if (errors.empty()) errors = "DTDs are not allowed";
  }
  xercesc::InputSource* resolveEntity(const XMLCh* const, const XMLCh* const) override {
    if (errors.empty()) errors = "external entities are not allowed";
    static const XMLByte kEmpty[] = {0};
    return new xercesc::MemBufInputSource(kEmpty, 0, "refused");
  }

  std::string errors;

 private:
  void Record(const xercesc::SAXParseException& e) {
    if (errors.empty()) errors = ToUtf8(e.getMessage());
  }
  std::vector<XmlNode>& out_;
  std::vector<XmlNode*> stack_;
  bool in_wrapper_ = false;
};

}  // namespace

void WriteNode(XmlWriter& w, const XmlNode& node, std::string_view default_ns) {
  std::string& out = w.out();
  out += '<';
  out += node.tag;
  if (node.ns != default_ns) {
    out += " xmlns=\"";
    w.Text(node.ns);
    out += '"';
  }
  int prefixes = 0;
  for (const XmlAttribute& a : node.attributes) {
    out += ' ';
    if (a.ns == kXmlNamespace) {
      out += "xml:";
    } else if (!a.ns.empty()) {
      std::string prefix = "n" + std::to_string(prefixes++);
      out += "xmlns:" + prefix + "=\"";
      w.Text(a.ns);
      out += "\" " + prefix + ':';
    }
    out += a.name;
    out += "=\"";
    w.Text(a.value);
    out += '"';
  }
  out += '>';
  w.Text(node.text);
  for (const XmlNode& child : node.children) WriteNode(w, child, node.ns);
  w.Close(node.tag);
}

std::string NodesToXml(const std::vector<XmlNode>& nodes) {
  std::string out;
  XmlWriter w(out);
  for (const XmlNode& node : nodes) WriteNode(w, node, "");
  return out;
}

Status NodesFromXml(std::string_view xml, std::vector<XmlNode>& out) {
  EnsureXercesInitialized();
  std::string doc = "<fragment>";
  doc += xml;
  doc += "</fragment>";
  std::vector<XmlNode> nodes;
  FragmentHandler handler(nodes);
  try {
    std::unique_ptr<xercesc::SAX2XMLReader> reader(xercesc::XMLReaderFactory::createXMLReader());
    xercesc::SecurityManager security;
    security.setEntityExpansionLimit(1);
    using xercesc::XMLUni;
    reader->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
    reader->setFeature(XMLUni::fgSAX2CoreNameSpacePrefixes, false);
    reader->setFeature(XMLUni::fgSAX2CoreValidation, false);
    reader->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
    reader->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
    reader->setProperty(XMLUni::fgXercesSecurityManager, &security);
    reader->setContentHandler(&handler);
    reader->setErrorHandler(&handler);
    reader->setLexicalHandler(&handler);
    reader->setEntityResolver(&handler);
    xercesc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(doc.data()), doc.size(),
                                      "fragment", false);
    reader->parse(source);
  } catch (const xercesc::XMLException& e) {
    return InvalidArgument("not an XML fragment: " + ToUtf8(e.getMessage()));
  } catch (const xercesc::SAXException& e) {
    return InvalidArgument("not an XML fragment: " + ToUtf8(e.getMessage()));
  }
  if (!handler.errors.empty()) return InvalidArgument("not an XML fragment: " + handler.errors);
  for (XmlNode& n : nodes) out.push_back(std::move(n));
  return Status::Ok();
}

}  // namespace gw::codecs::internal
