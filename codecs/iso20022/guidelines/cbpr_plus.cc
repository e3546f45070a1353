// File: codecs/iso20022/guidelines/cbpr_plus.cc
//
// CBPR+ (SWIFT cross-border payments and reporting) usage guideline: the rules
// CBPR+ adds to the ISO 20022 definitions of the messages this product supports.
#include <string>

#include "codecs/iso20022/guidelines/model_walk.h"
#include "codecs/iso20022/guidelines/usage_guideline.h"

namespace gw::codecs {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "YYYY-MM-DDThh:mm..." (the shape of an ISODateTime; the schema checked the rest).
bool LooksLikeDateTime(std::string_view s) {
  return s.size() >= 19 && IsDigit(s[0]) && IsDigit(s[3]) && s[4] == '-' && s[7] == '-' &&
         s[10] == 'T' && s[13] == ':';
}

// Ends in a UTC offset "+hh:mm" / "-hh:mm" (CBPR_DateTime; "Z" is not one).
bool HasUtcOffset(std::string_view s) {
  if (s.size() < 6) return false;
  std::string_view z = s.substr(s.size() - 6);
  return (z[0] == '+' || z[0] == '-') && IsDigit(z[1]) && IsDigit(z[2]) && z[3] == ':' &&
         IsDigit(z[4]) && IsDigit(z[5]);
}

// The CBPR+ extended character set: Latin letters and digits, space and
// / - ? : ( ) . , ' + ! # $ % & * = ^ _ ` { | } ~ " ; < > @ [ \ ] and line ends.
bool InCharacterSet(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c)) return true;
  static constexpr std::string_view kOthers = " /-?:().,'+!#$%&*=^_`{|}~\";<>@[\\]\n\r";
  return kOthers.find(c) != std::string_view::npos;
}

bool IsPaymentKind(std::string_view kind) {
  return kind == "pacs.008" || kind == "pacs.009" || kind == "pacs.004" || kind == "pacs.002";
}

void CheckParty(const std::optional<Agent>& fi, const std::string& path, Issues& out) {
  if (!fi || !fi->fin_instn_id.bicfi) {
    AddIssue(out, "CBPR-004", "RC01", path, "",
             "CBPR+ identifies the sender and the receiver by BIC (FIId/FinInstnId/BICFI)");
  }
}

void CheckCbprPlus(const Message& message, Issues& out) {
  if (!message.app_hdr) {
    AddIssue(out, "CBPR-001", "FF01", "/AppHdr", "",
             "CBPR+ messages travel with a business application header (head.001.001.02)");
  } else {
    const AppHdr& h = *message.app_hdr;
    if (!h.biz_svc || !h.biz_svc->starts_with("swift.cbprplus.")) {
      AddIssue(out, "CBPR-003", "FF01", "/AppHdr/BizSvc", h.biz_svc.value_or(""),
               "CBPR+ names its service in BizSvc (swift.cbprplus.NN)");
    }
    CheckParty(h.fr.fi_id, "/AppHdr/Fr", out);
    CheckParty(h.to.fi_id, "/AppHdr/To", out);
  }
  const std::string_view kind = message.Kind();
  internal::WalkVisitor v;
  v.text = [&](std::string_view tag, const std::string& value, const std::string& path) {
    if (LooksLikeDateTime(value) && !HasUtcOffset(value)) {
      AddIssue(out, "CBPR-002", "DT01", path, value,
               "CBPR+ date-times carry their UTC offset (e.g. 2022-10-20T09:25:00+01:00)");
    }
    for (char c : value) {
      if (!InCharacterSet(c)) {
        AddIssue(out, "CBPR-007", "FF01", path, value,
                 "CBPR+ text is limited to the CBPR+ character set (Latin letters, digits and "
                 "common punctuation)");
        break;
      }
    }
    if (tag == "NbOfTxs" && IsPaymentKind(kind) && value != "1" &&
        path.find("/GrpHdr/") != std::string::npos) {
      AddIssue(out, "CBPR-005", "AM18", path, value, "CBPR+ messages carry one transaction");
    }
  };
  v.structure = [&](std::string_view tag, const internal::StructTable& table, const void* obj,
                    const std::string& path) {
    if (tag != "PmtId" || (kind != "pacs.008" && kind != "pacs.009")) return;
    const internal::FieldOps* uetr = table.Find("UETR", 4);
    if (uetr == nullptr || uetr->element(uetr->Member(obj), 0) == nullptr) {
      AddIssue(out, "CBPR-006", "FF01", path + "/UETR", "", "CBPR+ payments carry a UETR");
    }
  };
  internal::WalkMessage(message, v);
}

}  // namespace

extern const UsageGuideline kCbprPlusGuideline = {
    "cbpr+",
    "SWIFT CBPR+: AppHdr with swift.cbprplus service and BIC parties, UTC offsets on "
    "date-times, one transaction, UETR, CBPR+ character set",
    &CheckCbprPlus,
    "swift.cbprplus.02",
};

}  // namespace gw::codecs
