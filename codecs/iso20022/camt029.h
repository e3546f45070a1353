// File: codecs/iso20022/camt029.h
//
// camt.029 ResolutionOfInvestigation (version 001.09).
// Plain values, freely copyable; the business rules are in camt029_rules.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/iso20022/ext_components.h"

namespace gw::codecs {

// InvestigationStatus5Choice; exactly one member is set.
struct InvestigationStatus5Choice {
  std::optional<std::string> conf;
  std::vector<CodeOrProprietary> rjctd_mod;  // Cd: ExternalPaymentModificationRejection1Code
  std::optional<Case5> dplct_of;
  std::optional<bool> assgnmt_cxl_conf;
  static constexpr auto Fields() {
    using S = InvestigationStatus5Choice;
    return FieldList{Field("Conf", &S::conf),
                     Field("RjctdMod", &S::rjctd_mod),
                     Field("DplctOf", &S::dplct_of),
                     Field("AssgnmtCxlConf", &S::assgnmt_cxl_conf)};
  }
  Unmodelled unmodelled;
  bool operator==(const InvestigationStatus5Choice&) const = default;
};

// NumberOfCancellationsPerStatus1 (OrgnlPmtInfAndSts/NbOfTxsPerCxlSts).
struct NumberOfCancellationsPerStatus1 {
  std::string dtld_nb_of_txs;
  std::string dtld_sts;  // RJCR ACCR PDCR
  std::optional<Decimal> dtld_ctrl_sum;
  static constexpr auto Fields() {
    using S = NumberOfCancellationsPerStatus1;
    return FieldList{Field("DtldNbOfTxs", &S::dtld_nb_of_txs),
                     Field("DtldSts", &S::dtld_sts),
                     Field("DtldCtrlSum", &S::dtld_ctrl_sum)};
  }
  Unmodelled unmodelled;
  bool operator==(const NumberOfCancellationsPerStatus1&) const = default;
};

// NumberOfTransactionsPerStatus1 (OrgnlGrpInfAndSts/NbOfTxsPerCxlSts in version 001.09).
struct NumberOfTransactionsPerStatus1 {
  std::string dtld_nb_of_txs;
  std::string dtld_sts;  // TransactionIndividualStatus1Code: ACTC RJCT PDNG ACCP ACSP ACSC ACCR ACWC
  std::optional<Decimal> dtld_ctrl_sum;
  static constexpr auto Fields() {
    using S = NumberOfTransactionsPerStatus1;
    return FieldList{Field("DtldNbOfTxs", &S::dtld_nb_of_txs),
                     Field("DtldSts", &S::dtld_sts),
                     Field("DtldCtrlSum", &S::dtld_ctrl_sum)};
  }
  Unmodelled unmodelled;
  bool operator==(const NumberOfTransactionsPerStatus1&) const = default;
};

// OriginalGroupHeader14.
struct OriginalGroupHeader14 {
  std::optional<std::string> orgnl_grp_cxl_id;
  std::optional<Case5> rslvd_case;
  std::string orgnl_msg_id;
  std::string orgnl_msg_nm_id;
  std::optional<std::string> orgnl_cre_dt_tm;
  std::optional<std::string> orgnl_nb_of_txs;
  std::optional<Decimal> orgnl_ctrl_sum;
  std::optional<std::string> grp_cxl_sts;  // PACR RJCR ACCR PDCR
  std::vector<ReasonInformation> cxl_sts_rsn_inf;
  std::vector<NumberOfTransactionsPerStatus1> nb_of_txs_per_cxl_sts;
  static constexpr auto Fields() {
    using S = OriginalGroupHeader14;
    return FieldList{Field("OrgnlGrpCxlId", &S::orgnl_grp_cxl_id),
                     Field("RslvdCase", &S::rslvd_case),
                     Field("OrgnlMsgId", &S::orgnl_msg_id),
                     Field("OrgnlMsgNmId", &S::orgnl_msg_nm_id),
                     Field("OrgnlCreDtTm", &S::orgnl_cre_dt_tm),
                     Field("OrgnlNbOfTxs", &S::orgnl_nb_of_txs),
                     Field("OrgnlCtrlSum", &S::orgnl_ctrl_sum),
                     Field("GrpCxlSts", &S::grp_cxl_sts),
                     Field("CxlStsRsnInf", &S::cxl_sts_rsn_inf),
                     Field("NbOfTxsPerCxlSts", &S::nb_of_txs_per_cxl_sts)};
  }
  Unmodelled unmodelled;
  bool operator==(const OriginalGroupHeader14&) const = default;
};

// PaymentTransaction103: a transaction under OrgnlPmtInfAndSts. In version 001.09 its
// UETR element is named UETR, not OrgnlUETR.
struct PaymentTransaction103 {
  std::optional<std::string> cxl_sts_id;
  std::optional<Case5> rslvd_case;
  std::optional<std::string> orgnl_instr_id;
  std::optional<std::string> orgnl_end_to_end_id;
  std::optional<std::string> uetr;
  std::optional<std::string> tx_cxl_sts;  // RJCR ACCR PDCR
  std::vector<ReasonInformation> cxl_sts_rsn_inf;
  std::optional<Amount> orgnl_instd_amt;
  std::optional<DateAndDateTime2Choice> orgnl_reqd_exctn_dt;
  std::optional<std::string> orgnl_reqd_colltn_dt;
  std::optional<OriginalTransactionReference28> orgnl_tx_ref;
  static constexpr auto Fields() {
    using S = PaymentTransaction103;
    return FieldList{Field("CxlStsId", &S::cxl_sts_id),
                     Field("RslvdCase", &S::rslvd_case),
                     Field("OrgnlInstrId", &S::orgnl_instr_id),
                     Field("OrgnlEndToEndId", &S::orgnl_end_to_end_id),
                     Field("UETR", &S::uetr),
                     Field("TxCxlSts", &S::tx_cxl_sts),
                     Field("CxlStsRsnInf", &S::cxl_sts_rsn_inf),
                     Field("OrgnlInstdAmt", &S::orgnl_instd_amt),
                     Field("OrgnlReqdExctnDt", &S::orgnl_reqd_exctn_dt),
                     Field("OrgnlReqdColltnDt", &S::orgnl_reqd_colltn_dt),
                     Field("OrgnlTxRef", &S::orgnl_tx_ref)};
  }
  Unmodelled unmodelled;
  bool operator==(const PaymentTransaction103&) const = default;
};

// OriginalPaymentInstruction30.
struct OriginalPaymentInstruction30 {
  std::optional<std::string> orgnl_pmt_inf_cxl_id;
  std::optional<Case5> rslvd_case;
  std::string orgnl_pmt_inf_id;
  std::optional<OriginalGroupInformation29> orgnl_grp_inf;
  std::optional<std::string> orgnl_nb_of_txs;
  std::optional<Decimal> orgnl_ctrl_sum;
  std::optional<std::string> pmt_inf_cxl_sts;  // PACR RJCR ACCR PDCR
  std::vector<ReasonInformation> cxl_sts_rsn_inf;
  std::vector<NumberOfCancellationsPerStatus1> nb_of_txs_per_cxl_sts;
  std::vector<PaymentTransaction103> tx_inf_and_sts;
  static constexpr auto Fields() {
    using S = OriginalPaymentInstruction30;
    return FieldList{Field("OrgnlPmtInfCxlId", &S::orgnl_pmt_inf_cxl_id),
                     Field("RslvdCase", &S::rslvd_case),
                     Field("OrgnlPmtInfId", &S::orgnl_pmt_inf_id),
                     Field("OrgnlGrpInf", &S::orgnl_grp_inf),
                     Field("OrgnlNbOfTxs", &S::orgnl_nb_of_txs),
                     Field("OrgnlCtrlSum", &S::orgnl_ctrl_sum),
                     Field("PmtInfCxlSts", &S::pmt_inf_cxl_sts),
                     Field("CxlStsRsnInf", &S::cxl_sts_rsn_inf),
                     Field("NbOfTxsPerCxlSts", &S::nb_of_txs_per_cxl_sts),
                     Field("TxInfAndSts", &S::tx_inf_and_sts)};
  }
  Unmodelled unmodelled;
  bool operator==(const OriginalPaymentInstruction30&) const = default;
};

// Compensation2.
struct Compensation2 {
  Amount amt;
  Agent dbtr_agt;
  Agent cdtr_agt;
  CodeOrProprietary rsn;  // Cd: ExternalPaymentCompensationReason1Code
  static constexpr auto Fields() {
    using S = Compensation2;
    return FieldList{Field("Amt", &S::amt),
                     Field("DbtrAgt", &S::dbtr_agt),
                     Field("CdtrAgt", &S::cdtr_agt),
                     Field("Rsn", &S::rsn)};
  }
  Unmodelled unmodelled;
  bool operator==(const Compensation2&) const = default;
};

// ResolutionData1.
struct ResolutionData1 {
  std::optional<std::string> end_to_end_id;
  std::optional<std::string> tx_id;
  std::optional<std::string> uetr;
  std::optional<Amount> intr_bk_sttlm_amt;
  std::optional<std::string> intr_bk_sttlm_dt;
  std::optional<std::string> clr_chanl;  // RTGS RTNS MPNS BOOK
  std::optional<Compensation2> compstn;
  std::vector<Charges7> chrgs;
  static constexpr auto Fields() {
    using S = ResolutionData1;
    return FieldList{Field("EndToEndId", &S::end_to_end_id),
                     Field("TxId", &S::tx_id),
                     Field("UETR", &S::uetr),
                     Field("IntrBkSttlmAmt", &S::intr_bk_sttlm_amt),
                     Field("IntrBkSttlmDt", &S::intr_bk_sttlm_dt),
                     Field("ClrChanl", &S::clr_chanl),
                     Field("Compstn", &S::compstn),
                     Field("Chrgs", &S::chrgs)};
  }
  Unmodelled unmodelled;
  bool operator==(const ResolutionData1&) const = default;
};

// PaymentTransaction102: a transaction under Undrlyg/TxInfAndSts.
struct PaymentTransaction102 {
  std::optional<std::string> cxl_sts_id;
  std::optional<Case5> rslvd_case;
  std::optional<OriginalGroupInformation29> orgnl_grp_inf;
  std::optional<std::string> orgnl_instr_id;
  std::optional<std::string> orgnl_end_to_end_id;
  std::optional<std::string> orgnl_tx_id;
  std::optional<std::string> orgnl_clr_sys_ref;
  std::optional<std::string> orgnl_uetr;
  std::optional<std::string> tx_cxl_sts;  // RJCR ACCR PDCR
  std::vector<ReasonInformation> cxl_sts_rsn_inf;
  std::optional<ResolutionData1> rsltn_rltd_inf;
  std::optional<Amount> orgnl_intr_bk_sttlm_amt;
  std::optional<std::string> orgnl_intr_bk_sttlm_dt;
  std::optional<Party40Choice> assgnr;
  std::optional<Party40Choice> assgne;
  std::optional<OriginalTransactionReference28> orgnl_tx_ref;
  static constexpr auto Fields() {
    using S = PaymentTransaction102;
    return FieldList{Field("CxlStsId", &S::cxl_sts_id),
                     Field("RslvdCase", &S::rslvd_case),
                     Field("OrgnlGrpInf", &S::orgnl_grp_inf),
                     Field("OrgnlInstrId", &S::orgnl_instr_id),
                     Field("OrgnlEndToEndId", &S::orgnl_end_to_end_id),
                     Field("OrgnlTxId", &S::orgnl_tx_id),
                     Field("OrgnlClrSysRef", &S::orgnl_clr_sys_ref),
                     Field("OrgnlUETR", &S::orgnl_uetr),
                     Field("TxCxlSts", &S::tx_cxl_sts),
                     Field("CxlStsRsnInf", &S::cxl_sts_rsn_inf),
                     Field("RsltnRltdInf", &S::rsltn_rltd_inf),
                     Field("OrgnlIntrBkSttlmAmt", &S::orgnl_intr_bk_sttlm_amt),
                     Field("OrgnlIntrBkSttlmDt", &S::orgnl_intr_bk_sttlm_dt),
                     Field("Assgnr", &S::assgnr),
                     Field("Assgne", &S::assgne),
                     Field("OrgnlTxRef", &S::orgnl_tx_ref)};
  }
  Unmodelled unmodelled;
  bool operator==(const PaymentTransaction102&) const = default;
};

// UnderlyingTransaction22.
struct UnderlyingTransaction22 {
  std::optional<OriginalGroupHeader14> orgnl_grp_inf_and_sts;
  std::vector<OriginalPaymentInstruction30> orgnl_pmt_inf_and_sts;
  std::vector<PaymentTransaction102> tx_inf_and_sts;
  static constexpr auto Fields() {
    using S = UnderlyingTransaction22;
    return FieldList{Field("OrgnlGrpInfAndSts", &S::orgnl_grp_inf_and_sts),
                     Field("OrgnlPmtInfAndSts", &S::orgnl_pmt_inf_and_sts),
                     Field("TxInfAndSts", &S::tx_inf_and_sts)};
  }
  Unmodelled unmodelled;
  bool operator==(const UnderlyingTransaction22&) const = default;
};

// PaymentTransaction107.
struct PaymentTransaction107 {
  std::optional<std::string> mod_sts_id;
  std::optional<Case5> rslvd_case;
  std::optional<OriginalGroupInformation29> orgnl_grp_inf;
  std::optional<std::string> orgnl_pmt_inf_id;
  std::optional<std::string> orgnl_instr_id;
  std::optional<std::string> orgnl_end_to_end_id;
  std::optional<std::string> orgnl_tx_id;
  std::optional<std::string> orgnl_clr_sys_ref;
  std::optional<std::string> orgnl_uetr;
  std::vector<ReasonInformation> mod_sts_rsn_inf;
  std::optional<ResolutionData1> rsltn_rltd_inf;
  std::optional<Amount> orgnl_intr_bk_sttlm_amt;
  std::optional<std::string> orgnl_intr_bk_sttlm_dt;
  std::optional<Party40Choice> assgnr;
  std::optional<Party40Choice> assgne;
  std::optional<OriginalTransactionReference28> orgnl_tx_ref;
  static constexpr auto Fields() {
    using S = PaymentTransaction107;
    return FieldList{Field("ModStsId", &S::mod_sts_id),
                     Field("RslvdCase", &S::rslvd_case),
                     Field("OrgnlGrpInf", &S::orgnl_grp_inf),
                     Field("OrgnlPmtInfId", &S::orgnl_pmt_inf_id),
                     Field("OrgnlInstrId", &S::orgnl_instr_id),
                     Field("OrgnlEndToEndId", &S::orgnl_end_to_end_id),
                     Field("OrgnlTxId", &S::orgnl_tx_id),
                     Field("OrgnlClrSysRef", &S::orgnl_clr_sys_ref),
                     Field("OrgnlUETR", &S::orgnl_uetr),
                     Field("ModStsRsnInf", &S::mod_sts_rsn_inf),
                     Field("RsltnRltdInf", &S::rsltn_rltd_inf),
                     Field("OrgnlIntrBkSttlmAmt", &S::orgnl_intr_bk_sttlm_amt),
                     Field("OrgnlIntrBkSttlmDt", &S::orgnl_intr_bk_sttlm_dt),
                     Field("Assgnr", &S::assgnr),
                     Field("Assgne", &S::assgne),
                     Field("OrgnlTxRef", &S::orgnl_tx_ref)};
  }
  Unmodelled unmodelled;
  bool operator==(const PaymentTransaction107&) const = default;
};

// ClaimNonReceipt2.
struct ClaimNonReceipt2 {
  std::string dt_prcd;
  std::optional<Agent> orgnl_nxt_agt;
  static constexpr auto Fields() {
    using S = ClaimNonReceipt2;
    return FieldList{Field("DtPrcd", &S::dt_prcd),
                     Field("OrgnlNxtAgt", &S::orgnl_nxt_agt)};
  }
  Unmodelled unmodelled;
  bool operator==(const ClaimNonReceipt2&) const = default;
};

// ClaimNonReceipt2Choice; exactly one member is set.
struct ClaimNonReceipt2Choice {
  std::optional<ClaimNonReceipt2> accptd;
  std::optional<CodeOrProprietary> rjctd;  // Cd: ExternalClaimNonReceiptRejection1Code
  static constexpr auto Fields() {
    using S = ClaimNonReceipt2Choice;
    return FieldList{Field("Accptd", &S::accptd),
                     Field("Rjctd", &S::rjctd)};
  }
  Unmodelled unmodelled;
  bool operator==(const ClaimNonReceipt2Choice&) const = default;
};

// StatementResolutionEntry4.
struct StatementResolutionEntry4 {
  std::optional<OriginalGroupInformation29> orgnl_grp_inf;
  std::optional<std::string> orgnl_stmt_id;
  std::optional<std::string> uetr;
  std::optional<std::string> acct_svcr_ref;
  std::optional<Amount> crrctd_amt;
  std::vector<Charges6> chrgs;
  std::optional<CodeOrProprietary> purp;  // Cd: ExternalPurpose1Code
  static constexpr auto Fields() {
    using S = StatementResolutionEntry4;
    return FieldList{Field("OrgnlGrpInf", &S::orgnl_grp_inf),
                     Field("OrgnlStmtId", &S::orgnl_stmt_id),
                     Field("UETR", &S::uetr),
                     Field("AcctSvcrRef", &S::acct_svcr_ref),
                     Field("CrrctdAmt", &S::crrctd_amt),
                     Field("Chrgs", &S::chrgs),
                     Field("Purp", &S::purp)};
  }
  Unmodelled unmodelled;
  bool operator==(const StatementResolutionEntry4&) const = default;
};

// CorrectiveGroupInformation1.
struct CorrectiveGroupInformation1 {
  std::string msg_id;
  std::string msg_nm_id;
  std::optional<std::string> cre_dt_tm;
  static constexpr auto Fields() {
    using S = CorrectiveGroupInformation1;
    return FieldList{Field("MsgId", &S::msg_id),
                     Field("MsgNmId", &S::msg_nm_id),
                     Field("CreDtTm", &S::cre_dt_tm)};
  }
  Unmodelled unmodelled;
  bool operator==(const CorrectiveGroupInformation1&) const = default;
};

// CorrectivePaymentInitiation4.
struct CorrectivePaymentInitiation4 {
  std::optional<CorrectiveGroupInformation1> grp_hdr;
  std::optional<std::string> pmt_inf_id;
  std::optional<std::string> instr_id;
  std::optional<std::string> end_to_end_id;
  std::optional<std::string> uetr;
  Amount instd_amt;
  std::optional<DateAndDateTime2Choice> reqd_exctn_dt;
  std::optional<std::string> reqd_colltn_dt;
  static constexpr auto Fields() {
    using S = CorrectivePaymentInitiation4;
    return FieldList{Field("GrpHdr", &S::grp_hdr),
                     Field("PmtInfId", &S::pmt_inf_id),
                     Field("InstrId", &S::instr_id),
                     Field("EndToEndId", &S::end_to_end_id),
                     Field("UETR", &S::uetr),
                     Field("InstdAmt", &S::instd_amt),
                     Field("ReqdExctnDt", &S::reqd_exctn_dt),
                     Field("ReqdColltnDt", &S::reqd_colltn_dt)};
  }
  Unmodelled unmodelled;
  bool operator==(const CorrectivePaymentInitiation4&) const = default;
};

// CorrectiveInterbankTransaction2.
struct CorrectiveInterbankTransaction2 {
  std::optional<CorrectiveGroupInformation1> grp_hdr;
  std::optional<std::string> instr_id;
  std::optional<std::string> end_to_end_id;
  std::optional<std::string> tx_id;
  std::optional<std::string> uetr;
  Amount intr_bk_sttlm_amt;
  std::string intr_bk_sttlm_dt;
  static constexpr auto Fields() {
    using S = CorrectiveInterbankTransaction2;
    return FieldList{Field("GrpHdr", &S::grp_hdr),
                     Field("InstrId", &S::instr_id),
                     Field("EndToEndId", &S::end_to_end_id),
                     Field("TxId", &S::tx_id),
                     Field("UETR", &S::uetr),
                     Field("IntrBkSttlmAmt", &S::intr_bk_sttlm_amt),
                     Field("IntrBkSttlmDt", &S::intr_bk_sttlm_dt)};
  }
  Unmodelled unmodelled;
  bool operator==(const CorrectiveInterbankTransaction2&) const = default;
};

// CorrectiveTransaction4Choice; exactly one member is set.
struct CorrectiveTransaction4Choice {
  std::optional<CorrectivePaymentInitiation4> initn;
  std::optional<CorrectiveInterbankTransaction2> intr_bk;
  static constexpr auto Fields() {
    using S = CorrectiveTransaction4Choice;
    return FieldList{Field("Initn", &S::initn),
                     Field("IntrBk", &S::intr_bk)};
  }
  Unmodelled unmodelled;
  bool operator==(const CorrectiveTransaction4Choice&) const = default;
};

// ResolutionOfInvestigationV09.
struct Camt029 {
  static constexpr std::string_view kRootTag = "RsltnOfInvstgtn";
  CaseAssignment5 assgnmt;
  std::optional<Case5> rslvd_case;
  InvestigationStatus5Choice sts;
  std::vector<UnderlyingTransaction22> cxl_dtls;
  std::optional<PaymentTransaction107> mod_dtls;
  std::optional<ClaimNonReceipt2Choice> clm_non_rct_dtls;
  std::vector<StatementResolutionEntry4> stmt_dtls;
  std::optional<CorrectiveTransaction4Choice> crrctn_tx;
  std::optional<ResolutionData1> rsltn_rltd_inf;
  static constexpr auto Fields() {
    using S = Camt029;
    return FieldList{Field("Assgnmt", &S::assgnmt),
                     Field("RslvdCase", &S::rslvd_case),
                     Field("Sts", &S::sts),
                     Field("CxlDtls", &S::cxl_dtls),
                     Field("ModDtls", &S::mod_dtls),
                     Field("ClmNonRctDtls", &S::clm_non_rct_dtls),
                     Field("StmtDtls", &S::stmt_dtls),
                     Field("CrrctnTx", &S::crrctn_tx),
                     Field("RsltnRltdInf", &S::rsltn_rltd_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const Camt029&) const = default;
};

}  // namespace gw::codecs
