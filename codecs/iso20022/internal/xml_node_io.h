// File: codecs/iso20022/internal/xml_node_io.h
//
// Writing and reading XmlNode trees (xml_node.h): the elements the models do not
// bind. Internal to codecs/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codecs/iso20022/internal/xml_writer.h"
#include "codecs/iso20022/xml_node.h"
#include "core/status.h"

namespace gw::codecs::internal {

// Writes `node` where the default namespace is `default_ns` (declares its own when
// it differs; attributes in a namespace get a prefix declared on the element).
void WriteNode(XmlWriter& w, const XmlNode& node, std::string_view default_ns);

// The nodes as a self-contained XML fragment (each top-level node declares its
// namespace), as the JSON form carries wildcard (xs:any) content.
std::string NodesToXml(const std::vector<XmlNode>& nodes);

// Parses a fragment written by NodesToXml (or by hand: elements, with namespace
// declarations, no DTD) into `out`. Errors are kInvalidArgument.
Status NodesFromXml(std::string_view xml, std::vector<XmlNode>& out);

}  // namespace gw::codecs::internal
