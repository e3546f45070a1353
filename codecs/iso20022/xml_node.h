// File: codecs/iso20022/xml_node.h
//
// Elements a model does not bind to a member of its own, kept as they were read so
// that nothing a schema allows is lost between the XML, the model, the JSON form
// and the XML written again. Every model struct has one `Unmodelled unmodelled`
// member (after its bound members, not listed in Fields()): the decoder fills it
// with each child element the struct's Fields() do not name (supplementary data,
// signatures, and any element of a newer version of a shared component), the writer
// puts them back at their place, and the JSON mapping writes them under their tags
// like bound elements (see codecs/iso20022/codec.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gw::codecs {

struct XmlAttribute {
  std::string ns;  // namespace URI; empty for an unqualified attribute (e.g. Ccy)
  std::string name;
  std::string value;
  bool operator==(const XmlAttribute&) const = default;
};

// An element with its namespace, attributes, text and children, in document order.
struct XmlNode {
  std::string ns;  // namespace URI (the message's own for ISO 20022 elements)
  std::string tag;
  std::vector<XmlAttribute> attributes;
  std::string text;  // character data (of a leaf; whitespace between children is dropped)
  std::vector<XmlNode> children;
  bool operator==(const XmlNode&) const = default;
};

// One child element of a struct that its Fields() do not name.
struct UnmodelledElement {
  // Written just before the struct's field of this index (Fields() order); the
  // number of fields puts it after all of them.
  uint32_t before = 0;
  XmlNode node;
  bool operator==(const UnmodelledElement&) const = default;
};

struct Unmodelled {
  std::vector<UnmodelledElement> elements;
  bool empty() const { return elements.empty(); }
  bool operator==(const Unmodelled&) const = default;
};

}  // namespace gw::codecs
