// File: codecs/iso20022/pacs002.h
//
// pacs.002 FIToFIPaymentStatusReport (version 001.10): positive and negative
// answers to a pacs.008 or other payment message, per group and per transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "codecs/iso20022/components.h"
#include "codecs/iso20022/pacs008.h"

namespace gw::codecs {

// GroupHeader91.
struct Pacs002GroupHeader {
  std::string msg_id;
  std::string cre_dt_tm;
  std::optional<Agent> instg_agt;
  std::optional<Agent> instd_agt;
  static constexpr auto Fields() {
    using G = Pacs002GroupHeader;
    return FieldList{Field("MsgId", &G::msg_id), Field("CreDtTm", &G::cre_dt_tm),
                     Field("InstgAgt", &G::instg_agt), Field("InstdAgt", &G::instd_agt)};
  }
  Unmodelled unmodelled;
  bool operator==(const Pacs002GroupHeader&) const = default;
};

// StatusReasonInformation12: who rejected, why (Rsn/Cd from ExternalStatusReason1Code).
struct StatusReasonInformation12 {
  std::optional<PartyIdentification135> orgtr;
  std::optional<CodeOrProprietary> rsn;
  std::vector<std::string> addtl_inf;  // Max105Text each
  static constexpr auto Fields() {
    using S = StatusReasonInformation12;
    return FieldList{Field("Orgtr", &S::orgtr), Field("Rsn", &S::rsn),
                     Field("AddtlInf", &S::addtl_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const StatusReasonInformation12&) const = default;
};

// NumberOfTransactionsPerStatus5.
struct NumberOfTransactionsPerStatus5 {
  std::string dtld_nb_of_txs;
  std::string dtld_sts;
  std::optional<Decimal> dtld_ctrl_sum;
  static constexpr auto Fields() {
    using N = NumberOfTransactionsPerStatus5;
    return FieldList{Field("DtldNbOfTxs", &N::dtld_nb_of_txs), Field("DtldSts", &N::dtld_sts),
                     Field("DtldCtrlSum", &N::dtld_ctrl_sum)};
  }
  Unmodelled unmodelled;
  bool operator==(const NumberOfTransactionsPerStatus5&) const = default;
};

// OriginalGroupHeader17.
struct OriginalGroupHeader17 {
  std::string orgnl_msg_id;
  std::string orgnl_msg_nm_id;  // e.g. "pacs.008.001.08"
  std::optional<std::string> orgnl_cre_dt_tm;
  std::optional<std::string> orgnl_nb_of_txs;
  std::optional<Decimal> orgnl_ctrl_sum;
  std::optional<std::string> grp_sts;
  std::vector<StatusReasonInformation12> sts_rsn_inf;
  std::vector<NumberOfTransactionsPerStatus5> nb_of_txs_per_sts;
  static constexpr auto Fields() {
    using O = OriginalGroupHeader17;
    return FieldList{Field("OrgnlMsgId", &O::orgnl_msg_id),
                     Field("OrgnlMsgNmId", &O::orgnl_msg_nm_id),
                     Field("OrgnlCreDtTm", &O::orgnl_cre_dt_tm),
                     Field("OrgnlNbOfTxs", &O::orgnl_nb_of_txs),
                     Field("OrgnlCtrlSum", &O::orgnl_ctrl_sum),
                     Field("GrpSts", &O::grp_sts),
                     Field("StsRsnInf", &O::sts_rsn_inf),
                     Field("NbOfTxsPerSts", &O::nb_of_txs_per_sts)};
  }
  Unmodelled unmodelled;
  bool operator==(const OriginalGroupHeader17&) const = default;
};

// OriginalGroupInformation29.
struct OriginalGroupInformation29 {
  std::string orgnl_msg_id;
  std::string orgnl_msg_nm_id;
  std::optional<std::string> orgnl_cre_dt_tm;
  static constexpr auto Fields() {
    using O = OriginalGroupInformation29;
    return FieldList{Field("OrgnlMsgId", &O::orgnl_msg_id),
                     Field("OrgnlMsgNmId", &O::orgnl_msg_nm_id),
                     Field("OrgnlCreDtTm", &O::orgnl_cre_dt_tm)};
  }
  Unmodelled unmodelled;
  bool operator==(const OriginalGroupInformation29&) const = default;
};

// DateAndDateTime2Choice.
struct DateAndDateTime2Choice {
  std::optional<std::string> dt;
  std::optional<std::string> dt_tm;
  static constexpr auto Fields() {
    return FieldList{Field("Dt", &DateAndDateTime2Choice::dt),
                     Field("DtTm", &DateAndDateTime2Choice::dt_tm)};
  }
  Unmodelled unmodelled;
  bool operator==(const DateAndDateTime2Choice&) const = default;
};

// Party40Choice.
struct Party40Choice {
  std::optional<PartyIdentification135> pty;
  std::optional<Agent> agt;
  static constexpr auto Fields() {
    return FieldList{Field("Pty", &Party40Choice::pty), Field("Agt", &Party40Choice::agt)};
  }
  Unmodelled unmodelled;
  bool operator==(const Party40Choice&) const = default;
};

// OriginalTransactionReference28 (the parts kept by this model).
struct OriginalTransactionReference28 {
  std::optional<Amount> intr_bk_sttlm_amt;
  std::optional<std::string> intr_bk_sttlm_dt;
  std::optional<std::string> reqd_colltn_dt;
  std::optional<DateAndDateTime2Choice> reqd_exctn_dt;
  std::optional<SettlementInstruction> sttlm_inf;
  std::optional<PaymentTypeInformation28> pmt_tp_inf;
  std::optional<std::string> pmt_mtd;
  std::optional<RemittanceInformation> rmt_inf;
  std::optional<Party40Choice> ultmt_dbtr;
  std::optional<Party40Choice> dbtr;
  std::optional<CashAccount> dbtr_acct;
  std::optional<Agent> dbtr_agt;
  std::optional<CashAccount> dbtr_agt_acct;
  std::optional<Agent> cdtr_agt;
  std::optional<CashAccount> cdtr_agt_acct;
  std::optional<Party40Choice> cdtr;
  std::optional<CashAccount> cdtr_acct;
  std::optional<Party40Choice> ultmt_cdtr;
  std::optional<CodeOrProprietary> purp;
  static constexpr auto Fields() {
    using O = OriginalTransactionReference28;
    return FieldList{Field("IntrBkSttlmAmt", &O::intr_bk_sttlm_amt),
                     Field("IntrBkSttlmDt", &O::intr_bk_sttlm_dt),
                     Field("ReqdColltnDt", &O::reqd_colltn_dt),
                     Field("ReqdExctnDt", &O::reqd_exctn_dt),
                     Field("SttlmInf", &O::sttlm_inf),
                     Field("PmtTpInf", &O::pmt_tp_inf),
                     Field("PmtMtd", &O::pmt_mtd),
                     Field("RmtInf", &O::rmt_inf),
                     Field("UltmtDbtr", &O::ultmt_dbtr),
                     Field("Dbtr", &O::dbtr),
                     Field("DbtrAcct", &O::dbtr_acct),
                     Field("DbtrAgt", &O::dbtr_agt),
                     Field("DbtrAgtAcct", &O::dbtr_agt_acct),
                     Field("CdtrAgt", &O::cdtr_agt),
                     Field("CdtrAgtAcct", &O::cdtr_agt_acct),
                     Field("Cdtr", &O::cdtr),
                     Field("CdtrAcct", &O::cdtr_acct),
                     Field("UltmtCdtr", &O::ultmt_cdtr),
                     Field("Purp", &O::purp)};
  }
  Unmodelled unmodelled;
  bool operator==(const OriginalTransactionReference28&) const = default;
};

// PaymentTransaction110.
struct PaymentTransaction110 {
  std::optional<std::string> sts_id;
  std::optional<OriginalGroupInformation29> orgnl_grp_inf;
  std::optional<std::string> orgnl_instr_id;
  std::optional<std::string> orgnl_end_to_end_id;
  std::optional<std::string> orgnl_tx_id;
  std::optional<std::string> orgnl_uetr;
  std::optional<std::string> tx_sts;
  std::vector<StatusReasonInformation12> sts_rsn_inf;
  std::vector<Charges7> chrgs_inf;
  std::optional<std::string> accptnc_dt_tm;
  std::optional<DateAndDateTime2Choice> fctv_intr_bk_sttlm_dt;
  std::optional<std::string> acct_svcr_ref;
  std::optional<std::string> clr_sys_ref;
  std::optional<Agent> instg_agt;
  std::optional<Agent> instd_agt;
  std::optional<OriginalTransactionReference28> orgnl_tx_ref;
  static constexpr auto Fields() {
    using P = PaymentTransaction110;
    return FieldList{Field("StsId", &P::sts_id),
                     Field("OrgnlGrpInf", &P::orgnl_grp_inf),
                     Field("OrgnlInstrId", &P::orgnl_instr_id),
                     Field("OrgnlEndToEndId", &P::orgnl_end_to_end_id),
                     Field("OrgnlTxId", &P::orgnl_tx_id),
                     Field("OrgnlUETR", &P::orgnl_uetr),
                     Field("TxSts", &P::tx_sts),
                     Field("StsRsnInf", &P::sts_rsn_inf),
                     Field("ChrgsInf", &P::chrgs_inf),
                     Field("AccptncDtTm", &P::accptnc_dt_tm),
                     Field("FctvIntrBkSttlmDt", &P::fctv_intr_bk_sttlm_dt),
                     Field("AcctSvcrRef", &P::acct_svcr_ref),
                     Field("ClrSysRef", &P::clr_sys_ref),
                     Field("InstgAgt", &P::instg_agt),
                     Field("InstdAgt", &P::instd_agt),
                     Field("OrgnlTxRef", &P::orgnl_tx_ref)};
  }
  Unmodelled unmodelled;
  bool operator==(const PaymentTransaction110&) const = default;
};

// The message: <Document><FIToFIPmtStsRpt>...</FIToFIPmtStsRpt></Document>.
struct Pacs002 {
  static constexpr std::string_view kRootTag = "FIToFIPmtStsRpt";
  Pacs002GroupHeader grp_hdr;
  std::vector<OriginalGroupHeader17> orgnl_grp_inf_and_sts;
  std::vector<PaymentTransaction110> tx_inf_and_sts;
  static constexpr auto Fields() {
    return FieldList{Field("GrpHdr", &Pacs002::grp_hdr),
                     Field("OrgnlGrpInfAndSts", &Pacs002::orgnl_grp_inf_and_sts),
                     Field("TxInfAndSts", &Pacs002::tx_inf_and_sts)};
  }
  Unmodelled unmodelled;
  bool operator==(const Pacs002&) const = default;
};

}  // namespace gw::codecs
