// File: codecs/iso20022/app_hdr_rules.cc
#include "codecs/iso20022/component_rules.h"
#include "codecs/iso20022/validators.h"
#include "codecs/rules.h"

namespace gw::codecs {
namespace {

void CheckParty44(const Party44Choice& p, const std::string& path, Issues& out) {
  if (p.fi_id) CheckAgent(*p.fi_id, PathOf(path, "FIId"), out);
  if (p.org_id) CheckParty(*p.org_id, PathOf(path, "OrgId"), out);
}

}  // namespace

void ValidateAppHdr(const AppHdr& hdr, std::string_view document_id, Issues& out) {
  const std::string root = "/AppHdr";
  CheckParty44(hdr.fr, PathOf(root, "Fr"), out);
  CheckParty44(hdr.to, PathOf(root, "To"), out);
  if (hdr.biz_msg_idr.empty()) {
    AddIssue(out, "HDR-002", "FF01", PathOf(root, "BizMsgIdr"), "",
             "the business message identifier (BizMsgIdr) is missing");
  }
  if (hdr.msg_def_idr != document_id) {
    AddIssue(out, "HDR-001", "FF01", PathOf(root, "MsgDefIdr"), hdr.msg_def_idr,
             "the header says the message is '" + hdr.msg_def_idr + "' but the Document is " +
                 std::string(document_id));
  }
  // CreDt is an ISODateTime: any UTC offset, or none. Usage guidelines that demand
  // an offset check it (codecs/iso20022/guidelines/).
  Report(out, PathOf(root, "CreDt"), hdr.cre_dt, CheckIsoDateTime(hdr.cre_dt));
  if (hdr.cpy_dplct) {
    Report(out, PathOf(root, "CpyDplct"), *hdr.cpy_dplct, CheckCode(*hdr.cpy_dplct, kCopyDuplicateCodes));
  }
  for (size_t i = 0; i < hdr.rltd.size(); ++i) {
    std::string rp = PathAt(root, "Rltd", i);
    CheckParty44(hdr.rltd[i].fr, PathOf(rp, "Fr"), out);
    CheckParty44(hdr.rltd[i].to, PathOf(rp, "To"), out);
    Report(out, PathOf(rp, "CreDt"), hdr.rltd[i].cre_dt, CheckIsoDateTime(hdr.rltd[i].cre_dt));
  }
}

}  // namespace gw::codecs
