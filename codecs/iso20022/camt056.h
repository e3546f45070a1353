// File: codecs/iso20022/camt056.h
//
// camt.056 FIToFIPaymentCancellationRequest (version 001.08).
// Plain values, freely copyable; the business rules are in camt056_rules.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/iso20022/ext_components.h"

namespace gw::codecs {

// ControlData1.
struct ControlData1 {
  std::string nb_of_txs;
  std::optional<Decimal> ctrl_sum;
  static constexpr auto Fields() {
    using S = ControlData1;
    return FieldList{Field("NbOfTxs", &S::nb_of_txs),
                     Field("CtrlSum", &S::ctrl_sum)};
  }
  Unmodelled unmodelled;
  bool operator==(const ControlData1&) const = default;
};

// OriginalGroupHeader15.
struct OriginalGroupHeader15 {
  std::optional<std::string> grp_cxl_id;
  std::optional<Case5> case_info;
  std::string orgnl_msg_id;
  std::string orgnl_msg_nm_id;
  std::optional<std::string> orgnl_cre_dt_tm;
  std::optional<std::string> nb_of_txs;
  std::optional<Decimal> ctrl_sum;
  std::optional<bool> grp_cxl;
  std::vector<ReasonInformation> cxl_rsn_inf;
  static constexpr auto Fields() {
    using S = OriginalGroupHeader15;
    return FieldList{Field("GrpCxlId", &S::grp_cxl_id),
                     Field("Case", &S::case_info),
                     Field("OrgnlMsgId", &S::orgnl_msg_id),
                     Field("OrgnlMsgNmId", &S::orgnl_msg_nm_id),
                     Field("OrgnlCreDtTm", &S::orgnl_cre_dt_tm),
                     Field("NbOfTxs", &S::nb_of_txs),
                     Field("CtrlSum", &S::ctrl_sum),
                     Field("GrpCxl", &S::grp_cxl),
                     Field("CxlRsnInf", &S::cxl_rsn_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const OriginalGroupHeader15&) const = default;
};

// PaymentTransaction106.
struct PaymentTransaction106 {
  std::optional<std::string> cxl_id;
  std::optional<Case5> case_info;
  std::optional<OriginalGroupInformation29> orgnl_grp_inf;
  std::optional<std::string> orgnl_instr_id;
  std::optional<std::string> orgnl_end_to_end_id;
  std::optional<std::string> orgnl_tx_id;
  std::optional<std::string> orgnl_uetr;
  std::optional<std::string> orgnl_clr_sys_ref;
  std::optional<Amount> orgnl_intr_bk_sttlm_amt;
  std::optional<std::string> orgnl_intr_bk_sttlm_dt;
  std::optional<Agent> assgnr;
  std::optional<Agent> assgne;
  std::vector<ReasonInformation> cxl_rsn_inf;
  std::optional<OriginalTransactionReference28> orgnl_tx_ref;
  static constexpr auto Fields() {
    using S = PaymentTransaction106;
    return FieldList{Field("CxlId", &S::cxl_id),
                     Field("Case", &S::case_info),
                     Field("OrgnlGrpInf", &S::orgnl_grp_inf),
                     Field("OrgnlInstrId", &S::orgnl_instr_id),
                     Field("OrgnlEndToEndId", &S::orgnl_end_to_end_id),
                     Field("OrgnlTxId", &S::orgnl_tx_id),
                     Field("OrgnlUETR", &S::orgnl_uetr),
                     Field("OrgnlClrSysRef", &S::orgnl_clr_sys_ref),
                     Field("OrgnlIntrBkSttlmAmt", &S::orgnl_intr_bk_sttlm_amt),
                     Field("OrgnlIntrBkSttlmDt", &S::orgnl_intr_bk_sttlm_dt),
                     Field("Assgnr", &S::assgnr),
                     Field("Assgne", &S::assgne),
                     Field("CxlRsnInf", &S::cxl_rsn_inf),
                     Field("OrgnlTxRef", &S::orgnl_tx_ref)};
  }
  Unmodelled unmodelled;
  bool operator==(const PaymentTransaction106&) const = default;
};

// UnderlyingTransaction23.
struct UnderlyingTransaction23 {
  std::optional<OriginalGroupHeader15> orgnl_grp_inf_and_cxl;
  std::vector<PaymentTransaction106> tx_inf;
  static constexpr auto Fields() {
    using S = UnderlyingTransaction23;
    return FieldList{Field("OrgnlGrpInfAndCxl", &S::orgnl_grp_inf_and_cxl),
                     Field("TxInf", &S::tx_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const UnderlyingTransaction23&) const = default;
};

// FIToFIPaymentCancellationRequestV08.
struct Camt056 {
  static constexpr std::string_view kRootTag = "FIToFIPmtCxlReq";
  CaseAssignment5 assgnmt;
  std::optional<Case5> case_info;
  std::optional<ControlData1> ctrl_data;
  std::vector<UnderlyingTransaction23> undrlyg;
  static constexpr auto Fields() {
    using S = Camt056;
    return FieldList{Field("Assgnmt", &S::assgnmt),
                     Field("Case", &S::case_info),
                     Field("CtrlData", &S::ctrl_data),
                     Field("Undrlyg", &S::undrlyg)};
  }
  Unmodelled unmodelled;
  bool operator==(const Camt056&) const = default;
};

}  // namespace gw::codecs
