// File: codecs/iso20022/app_hdr.h
//
// head.001.001.02 BusinessApplicationHeaderV02 (the "AppHdr" that travels in front
// of a Document on SWIFT (CBPR+) and in many market infrastructures (HVPS+)).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "codecs/iso20022/components.h"

namespace gw::codecs {

// Party44Choice: an organisation or a financial institution; exactly one is set.
struct Party44Choice {
  std::optional<PartyIdentification135> org_id;
  std::optional<Agent> fi_id;
  static constexpr auto Fields() {
    return FieldList{Field("OrgId", &Party44Choice::org_id), Field("FIId", &Party44Choice::fi_id)};
  }
  Unmodelled unmodelled;
  bool operator==(const Party44Choice&) const = default;
};

// ImplementationSpecification1.
struct ImplementationSpecification1 {
  std::string regy;
  std::string id;
  static constexpr auto Fields() {
    return FieldList{Field("Regy", &ImplementationSpecification1::regy),
                     Field("Id", &ImplementationSpecification1::id)};
  }
  Unmodelled unmodelled;
  bool operator==(const ImplementationSpecification1&) const = default;
};

// BusinessApplicationHeader5 (a related header, in Rltd).
struct RelatedAppHdr {
  std::optional<std::string> char_set;
  Party44Choice fr;
  Party44Choice to;
  std::string biz_msg_idr;
  std::string msg_def_idr;
  std::optional<std::string> biz_svc;
  std::string cre_dt;
  std::optional<std::string> cpy_dplct;
  std::optional<std::string> prty;
  static constexpr auto Fields() {
    using R = RelatedAppHdr;
    return FieldList{Field("CharSet", &R::char_set), Field("Fr", &R::fr),
                     Field("To", &R::to),            Field("BizMsgIdr", &R::biz_msg_idr),
                     Field("MsgDefIdr", &R::msg_def_idr), Field("BizSvc", &R::biz_svc),
                     Field("CreDt", &R::cre_dt),     Field("CpyDplct", &R::cpy_dplct),
                     Field("Prty", &R::prty)};
  }
  Unmodelled unmodelled;
  bool operator==(const RelatedAppHdr&) const = default;
};

// BusinessApplicationHeaderV02. The signature (Sgntr) is validated but not kept.
struct AppHdr {
  std::optional<std::string> char_set;
  Party44Choice fr;
  Party44Choice to;
  std::string biz_msg_idr;
  std::string msg_def_idr;  // names the Document: "pacs.008.001.08"
  std::optional<std::string> biz_svc;  // e.g. "swift.cbprplus.02"
  std::optional<ImplementationSpecification1> mkt_prctc;
  std::string cre_dt;  // ISODateTime: "2022-10-20T09:25:00+01:00", "...Z" or no offset
  std::optional<std::string> cpy_dplct;
  std::optional<bool> pssbl_dplct;
  std::optional<std::string> prty;
  std::vector<RelatedAppHdr> rltd;
  static constexpr auto Fields() {
    using A = AppHdr;
    return FieldList{Field("CharSet", &A::char_set),       Field("Fr", &A::fr),
                     Field("To", &A::to),                  Field("BizMsgIdr", &A::biz_msg_idr),
                     Field("MsgDefIdr", &A::msg_def_idr),  Field("BizSvc", &A::biz_svc),
                     Field("MktPrctc", &A::mkt_prctc),     Field("CreDt", &A::cre_dt),
                     Field("CpyDplct", &A::cpy_dplct),     Field("PssblDplct", &A::pssbl_dplct),
                     Field("Prty", &A::prty),              Field("Rltd", &A::rltd)};
  }
  Unmodelled unmodelled;
  bool operator==(const AppHdr&) const = default;
};

}  // namespace gw::codecs
