// File: codecs/iso20022/pacs004.h
//
// pacs.004 PaymentReturn (version 001.09).
// Plain values, freely copyable; the business rules are in pacs004_rules.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/iso20022/ext_components.h"

namespace gw::codecs {

// GroupHeader90 (no PmtTpInf in version 001.09).
struct Pacs004GroupHeader {
  std::string msg_id;
  std::string cre_dt_tm;
  std::vector<CodeOrProprietary> authstn;  // 0..2
  std::optional<bool> btch_bookg;
  std::string nb_of_txs;
  std::optional<Decimal> ctrl_sum;
  std::optional<bool> grp_rtr;
  std::optional<Amount> ttl_rtrd_intr_bk_sttlm_amt;
  std::optional<std::string> intr_bk_sttlm_dt;
  SettlementInstruction sttlm_inf;
  std::optional<Agent> instg_agt;
  std::optional<Agent> instd_agt;
  static constexpr auto Fields() {
    using S = Pacs004GroupHeader;
    return FieldList{Field("MsgId", &S::msg_id),
                     Field("CreDtTm", &S::cre_dt_tm),
                     Field("Authstn", &S::authstn),
                     Field("BtchBookg", &S::btch_bookg),
                     Field("NbOfTxs", &S::nb_of_txs),
                     Field("CtrlSum", &S::ctrl_sum),
                     Field("GrpRtr", &S::grp_rtr),
                     Field("TtlRtrdIntrBkSttlmAmt", &S::ttl_rtrd_intr_bk_sttlm_amt),
                     Field("IntrBkSttlmDt", &S::intr_bk_sttlm_dt),
                     Field("SttlmInf", &S::sttlm_inf),
                     Field("InstgAgt", &S::instg_agt),
                     Field("InstdAgt", &S::instd_agt)};
  }
  Unmodelled unmodelled;
  bool operator==(const Pacs004GroupHeader&) const = default;
};

// OriginalGroupHeader18.
struct OriginalGroupHeader18 {
  std::string orgnl_msg_id;
  std::string orgnl_msg_nm_id;
  std::optional<std::string> orgnl_cre_dt_tm;
  std::vector<ReasonInformation> rtr_rsn_inf;
  static constexpr auto Fields() {
    using S = OriginalGroupHeader18;
    return FieldList{Field("OrgnlMsgId", &S::orgnl_msg_id),
                     Field("OrgnlMsgNmId", &S::orgnl_msg_nm_id),
                     Field("OrgnlCreDtTm", &S::orgnl_cre_dt_tm),
                     Field("RtrRsnInf", &S::rtr_rsn_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const OriginalGroupHeader18&) const = default;
};

// TransactionParties7 (the return chain has no debtor or creditor account in 001.09).
struct TransactionParties7 {
  std::optional<Party40Choice> ultmt_dbtr;
  Party40Choice dbtr;
  std::optional<Party40Choice> initg_pty;
  std::optional<Agent> dbtr_agt;
  std::optional<CashAccount> dbtr_agt_acct;
  std::optional<Agent> prvs_instg_agt1;
  std::optional<CashAccount> prvs_instg_agt1_acct;
  std::optional<Agent> prvs_instg_agt2;
  std::optional<CashAccount> prvs_instg_agt2_acct;
  std::optional<Agent> prvs_instg_agt3;
  std::optional<CashAccount> prvs_instg_agt3_acct;
  std::optional<Agent> intrmy_agt1;
  std::optional<CashAccount> intrmy_agt1_acct;
  std::optional<Agent> intrmy_agt2;
  std::optional<CashAccount> intrmy_agt2_acct;
  std::optional<Agent> intrmy_agt3;
  std::optional<CashAccount> intrmy_agt3_acct;
  std::optional<Agent> cdtr_agt;
  std::optional<CashAccount> cdtr_agt_acct;
  Party40Choice cdtr;
  std::optional<Party40Choice> ultmt_cdtr;
  static constexpr auto Fields() {
    using S = TransactionParties7;
    return FieldList{Field("UltmtDbtr", &S::ultmt_dbtr),
                     Field("Dbtr", &S::dbtr),
                     Field("InitgPty", &S::initg_pty),
                     Field("DbtrAgt", &S::dbtr_agt),
                     Field("DbtrAgtAcct", &S::dbtr_agt_acct),
                     Field("PrvsInstgAgt1", &S::prvs_instg_agt1),
                     Field("PrvsInstgAgt1Acct", &S::prvs_instg_agt1_acct),
                     Field("PrvsInstgAgt2", &S::prvs_instg_agt2),
                     Field("PrvsInstgAgt2Acct", &S::prvs_instg_agt2_acct),
                     Field("PrvsInstgAgt3", &S::prvs_instg_agt3),
                     Field("PrvsInstgAgt3Acct", &S::prvs_instg_agt3_acct),
                     Field("IntrmyAgt1", &S::intrmy_agt1),
                     Field("IntrmyAgt1Acct", &S::intrmy_agt1_acct),
                     Field("IntrmyAgt2", &S::intrmy_agt2),
                     Field("IntrmyAgt2Acct", &S::intrmy_agt2_acct),
                     Field("IntrmyAgt3", &S::intrmy_agt3),
                     Field("IntrmyAgt3Acct", &S::intrmy_agt3_acct),
                     Field("CdtrAgt", &S::cdtr_agt),
                     Field("CdtrAgtAcct", &S::cdtr_agt_acct),
                     Field("Cdtr", &S::cdtr),
                     Field("UltmtCdtr", &S::ultmt_cdtr)};
  }
  Unmodelled unmodelled;
  bool operator==(const TransactionParties7&) const = default;
};

// PaymentTransaction112 (no PmtTpInf or SttlmTmReq in version 001.09).
struct PaymentTransaction112 {
  std::optional<std::string> rtr_id;
  std::optional<OriginalGroupInformation29> orgnl_grp_inf;
  std::optional<std::string> orgnl_instr_id;
  std::optional<std::string> orgnl_end_to_end_id;
  std::optional<std::string> orgnl_tx_id;
  std::optional<std::string> orgnl_uetr;
  std::optional<std::string> orgnl_clr_sys_ref;
  std::optional<Amount> orgnl_intr_bk_sttlm_amt;
  std::optional<std::string> orgnl_intr_bk_sttlm_dt;
  Amount rtrd_intr_bk_sttlm_amt;
  std::optional<std::string> intr_bk_sttlm_dt;
  std::optional<std::string> sttlm_prty;  // URGT HIGH NORM
  std::optional<SettlementDateTimeIndication1> sttlm_tm_indctn;
  std::optional<Amount> rtrd_instd_amt;
  std::optional<Decimal> xchg_rate;
  std::optional<Amount> compstn_amt;
  std::optional<std::string> chrg_br;  // DEBT CRED SHAR SLEV
  std::vector<Charges7> chrgs_inf;
  std::optional<std::string> clr_sys_ref;
  std::optional<Agent> instg_agt;
  std::optional<Agent> instd_agt;
  std::optional<TransactionParties7> rtr_chain;
  std::vector<ReasonInformation> rtr_rsn_inf;
  std::optional<OriginalTransactionReference28> orgnl_tx_ref;
  static constexpr auto Fields() {
    using S = PaymentTransaction112;
    return FieldList{Field("RtrId", &S::rtr_id),
                     Field("OrgnlGrpInf", &S::orgnl_grp_inf),
                     Field("OrgnlInstrId", &S::orgnl_instr_id),
                     Field("OrgnlEndToEndId", &S::orgnl_end_to_end_id),
                     Field("OrgnlTxId", &S::orgnl_tx_id),
                     Field("OrgnlUETR", &S::orgnl_uetr),
                     Field("OrgnlClrSysRef", &S::orgnl_clr_sys_ref),
                     Field("OrgnlIntrBkSttlmAmt", &S::orgnl_intr_bk_sttlm_amt),
                     Field("OrgnlIntrBkSttlmDt", &S::orgnl_intr_bk_sttlm_dt),
                     Field("RtrdIntrBkSttlmAmt", &S::rtrd_intr_bk_sttlm_amt),
                     Field("IntrBkSttlmDt", &S::intr_bk_sttlm_dt),
                     Field("SttlmPrty", &S::sttlm_prty),
                     Field("SttlmTmIndctn", &S::sttlm_tm_indctn),
                     Field("RtrdInstdAmt", &S::rtrd_instd_amt),
                     Field("XchgRate", &S::xchg_rate),
                     Field("CompstnAmt", &S::compstn_amt),
                     Field("ChrgBr", &S::chrg_br),
                     Field("ChrgsInf", &S::chrgs_inf),
                     Field("ClrSysRef", &S::clr_sys_ref),
                     Field("InstgAgt", &S::instg_agt),
                     Field("InstdAgt", &S::instd_agt),
                     Field("RtrChain", &S::rtr_chain),
                     Field("RtrRsnInf", &S::rtr_rsn_inf),
                     Field("OrgnlTxRef", &S::orgnl_tx_ref)};
  }
  Unmodelled unmodelled;
  bool operator==(const PaymentTransaction112&) const = default;
};

// PaymentReturnV09.
struct Pacs004 {
  static constexpr std::string_view kRootTag = "PmtRtr";
  Pacs004GroupHeader grp_hdr;
  std::optional<OriginalGroupHeader18> orgnl_grp_inf;
  std::vector<PaymentTransaction112> tx_inf;
  static constexpr auto Fields() {
    using S = Pacs004;
    return FieldList{Field("GrpHdr", &S::grp_hdr),
                     Field("OrgnlGrpInf", &S::orgnl_grp_inf),
                     Field("TxInf", &S::tx_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const Pacs004&) const = default;
};

}  // namespace gw::codecs
