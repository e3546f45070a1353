// File: codecs/iso20022/pain001.h
//
// pain.001 CustomerCreditTransferInitiation (version 001.09).
// Plain values, freely copyable; the business rules are in pain001_rules.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/iso20022/ext_components.h"

namespace gw::codecs {

// GroupHeader85.
struct Pain001GroupHeader {
  std::string msg_id;
  std::string cre_dt_tm;
  std::vector<CodeOrProprietary> authstn;  // 0..2
  std::string nb_of_txs;
  std::optional<Decimal> ctrl_sum;
  PartyIdentification135 initg_pty;
  std::optional<Agent> fwdg_agt;
  static constexpr auto Fields() {
    using S = Pain001GroupHeader;
    return FieldList{Field("MsgId", &S::msg_id),
                     Field("CreDtTm", &S::cre_dt_tm),
                     Field("Authstn", &S::authstn),
                     Field("NbOfTxs", &S::nb_of_txs),
                     Field("CtrlSum", &S::ctrl_sum),
                     Field("InitgPty", &S::initg_pty),
                     Field("FwdgAgt", &S::fwdg_agt)};
  }
  Unmodelled unmodelled;
  bool operator==(const Pain001GroupHeader&) const = default;
};

// PaymentTypeInformation26.
struct PaymentTypeInformation26 {
  std::optional<std::string> instr_prty;  // HIGH NORM
  std::vector<CodeOrProprietary> svc_lvl;  // Cd: ExternalServiceLevel1Code
  std::optional<CodeOrProprietary> lcl_instrm;  // Cd: ExternalLocalInstrument1Code
  std::optional<CodeOrProprietary> ctgy_purp;  // Cd: ExternalCategoryPurpose1Code
  static constexpr auto Fields() {
    using S = PaymentTypeInformation26;
    return FieldList{Field("InstrPrty", &S::instr_prty),
                     Field("SvcLvl", &S::svc_lvl),
                     Field("LclInstrm", &S::lcl_instrm),
                     Field("CtgyPurp", &S::ctgy_purp)};
  }
  Unmodelled unmodelled;
  bool operator==(const PaymentTypeInformation26&) const = default;
};

// PaymentIdentification6.
struct PaymentIdentification6 {
  std::optional<std::string> instr_id;
  std::string end_to_end_id;
  std::optional<std::string> uetr;
  static constexpr auto Fields() {
    using S = PaymentIdentification6;
    return FieldList{Field("InstrId", &S::instr_id),
                     Field("EndToEndId", &S::end_to_end_id),
                     Field("UETR", &S::uetr)};
  }
  Unmodelled unmodelled;
  bool operator==(const PaymentIdentification6&) const = default;
};

// EquivalentAmount2.
struct EquivalentAmount2 {
  Amount amt;
  std::string ccy_of_trf;
  static constexpr auto Fields() {
    using S = EquivalentAmount2;
    return FieldList{Field("Amt", &S::amt),
                     Field("CcyOfTrf", &S::ccy_of_trf)};
  }
  Unmodelled unmodelled;
  bool operator==(const EquivalentAmount2&) const = default;
};

// AmountType4Choice; exactly one member is set.
struct AmountType4Choice {
  std::optional<Amount> instd_amt;
  std::optional<EquivalentAmount2> eqvt_amt;
  static constexpr auto Fields() {
    using S = AmountType4Choice;
    return FieldList{Field("InstdAmt", &S::instd_amt),
                     Field("EqvtAmt", &S::eqvt_amt)};
  }
  Unmodelled unmodelled;
  bool operator==(const AmountType4Choice&) const = default;
};

// ExchangeRate1.
struct ExchangeRate1 {
  std::optional<std::string> unit_ccy;
  std::optional<Decimal> xchg_rate;
  std::optional<std::string> rate_tp;  // SPOT SALE AGRD
  std::optional<std::string> ctrct_id;
  static constexpr auto Fields() {
    using S = ExchangeRate1;
    return FieldList{Field("UnitCcy", &S::unit_ccy),
                     Field("XchgRate", &S::xchg_rate),
                     Field("RateTp", &S::rate_tp),
                     Field("CtrctId", &S::ctrct_id)};
  }
  Unmodelled unmodelled;
  bool operator==(const ExchangeRate1&) const = default;
};

// Cheque11.
struct Cheque11 {
  std::optional<std::string> chq_tp;  // CCHQ CCCH BCHQ DRFT ELDR
  std::optional<std::string> chq_nb;
  std::optional<NameAndAddress16> chq_fr;
  std::optional<CodeOrProprietary> dlvry_mtd;  // Cd: ChequeDelivery1Code
  std::optional<NameAndAddress16> dlvr_to;
  std::optional<std::string> instr_prty;  // HIGH NORM
  std::optional<std::string> chq_mtrty_dt;
  std::optional<std::string> frms_cd;
  std::vector<std::string> memo_fld;  // 0..2
  std::optional<std::string> rgnl_clr_zone;
  std::optional<std::string> prt_lctn;
  std::vector<std::string> sgntr;  // 0..5
  static constexpr auto Fields() {
    using S = Cheque11;
    return FieldList{Field("ChqTp", &S::chq_tp),
                     Field("ChqNb", &S::chq_nb),
                     Field("ChqFr", &S::chq_fr),
                     Field("DlvryMtd", &S::dlvry_mtd),
                     Field("DlvrTo", &S::dlvr_to),
                     Field("InstrPrty", &S::instr_prty),
                     Field("ChqMtrtyDt", &S::chq_mtrty_dt),
                     Field("FrmsCd", &S::frms_cd),
                     Field("MemoFld", &S::memo_fld),
                     Field("RgnlClrZone", &S::rgnl_clr_zone),
                     Field("PrtLctn", &S::prt_lctn),
                     Field("Sgntr", &S::sgntr)};
  }
  Unmodelled unmodelled;
  bool operator==(const Cheque11&) const = default;
};

// RegulatoryAuthority2.
struct RegulatoryAuthority2 {
  std::optional<std::string> nm;
  std::optional<std::string> ctry;
  static constexpr auto Fields() {
    using S = RegulatoryAuthority2;
    return FieldList{Field("Nm", &S::nm),
                     Field("Ctry", &S::ctry)};
  }
  Unmodelled unmodelled;
  bool operator==(const RegulatoryAuthority2&) const = default;
};

// StructuredRegulatoryReporting3.
struct StructuredRegulatoryReporting3 {
  std::optional<std::string> tp;
  std::optional<std::string> dt;
  std::optional<std::string> ctry;
  std::optional<std::string> cd;
  std::optional<Amount> amt;
  std::vector<std::string> inf;
  static constexpr auto Fields() {
    using S = StructuredRegulatoryReporting3;
    return FieldList{Field("Tp", &S::tp),
                     Field("Dt", &S::dt),
                     Field("Ctry", &S::ctry),
                     Field("Cd", &S::cd),
                     Field("Amt", &S::amt),
                     Field("Inf", &S::inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const StructuredRegulatoryReporting3&) const = default;
};

// RegulatoryReporting3.
struct RegulatoryReporting3 {
  std::optional<std::string> dbt_cdt_rptg_ind;  // CRED DEBT BOTH
  std::optional<RegulatoryAuthority2> authrty;
  std::vector<StructuredRegulatoryReporting3> dtls;
  static constexpr auto Fields() {
    using S = RegulatoryReporting3;
    return FieldList{Field("DbtCdtRptgInd", &S::dbt_cdt_rptg_ind),
                     Field("Authrty", &S::authrty),
                     Field("Dtls", &S::dtls)};
  }
  Unmodelled unmodelled;
  bool operator==(const RegulatoryReporting3&) const = default;
};

// CreditTransferTransaction34.
struct CreditTransferTransaction34 {
  PaymentIdentification6 pmt_id;
  std::optional<PaymentTypeInformation26> pmt_tp_inf;
  AmountType4Choice amt;
  std::optional<ExchangeRate1> xchg_rate_inf;
  std::optional<std::string> chrg_br;  // DEBT CRED SHAR SLEV
  std::optional<Cheque11> chq_instr;
  std::optional<PartyIdentification135> ultmt_dbtr;
  std::optional<Agent> intrmy_agt1;
  std::optional<CashAccount> intrmy_agt1_acct;
  std::optional<Agent> intrmy_agt2;
  std::optional<CashAccount> intrmy_agt2_acct;
  std::optional<Agent> intrmy_agt3;
  std::optional<CashAccount> intrmy_agt3_acct;
  std::optional<Agent> cdtr_agt;
  std::optional<CashAccount> cdtr_agt_acct;
  std::optional<PartyIdentification135> cdtr;
  std::optional<CashAccount> cdtr_acct;
  std::optional<PartyIdentification135> ultmt_cdtr;
  std::vector<InstructionForAgent> instr_for_cdtr_agt;
  std::optional<std::string> instr_for_dbtr_agt;
  std::optional<CodeOrProprietary> purp;  // Cd: ExternalPurpose1Code
  std::vector<RegulatoryReporting3> rgltry_rptg;  // 0..10
  std::vector<RemittanceLocation7> rltd_rmt_inf;  // 0..10
  std::optional<RemittanceInformation> rmt_inf;
  static constexpr auto Fields() {
    using S = CreditTransferTransaction34;
    return FieldList{Field("PmtId", &S::pmt_id),
                     Field("PmtTpInf", &S::pmt_tp_inf),
                     Field("Amt", &S::amt),
                     Field("XchgRateInf", &S::xchg_rate_inf),
                     Field("ChrgBr", &S::chrg_br),
                     Field("ChqInstr", &S::chq_instr),
                     Field("UltmtDbtr", &S::ultmt_dbtr),
                     Field("IntrmyAgt1", &S::intrmy_agt1),
                     Field("IntrmyAgt1Acct", &S::intrmy_agt1_acct),
                     Field("IntrmyAgt2", &S::intrmy_agt2),
                     Field("IntrmyAgt2Acct", &S::intrmy_agt2_acct),
                     Field("IntrmyAgt3", &S::intrmy_agt3),
                     Field("IntrmyAgt3Acct", &S::intrmy_agt3_acct),
                     Field("CdtrAgt", &S::cdtr_agt),
                     Field("CdtrAgtAcct", &S::cdtr_agt_acct),
                     Field("Cdtr", &S::cdtr),
                     Field("CdtrAcct", &S::cdtr_acct),
                     Field("UltmtCdtr", &S::ultmt_cdtr),
                     Field("InstrForCdtrAgt", &S::instr_for_cdtr_agt),
                     Field("InstrForDbtrAgt", &S::instr_for_dbtr_agt),
                     Field("Purp", &S::purp),
                     Field("RgltryRptg", &S::rgltry_rptg),
                     Field("RltdRmtInf", &S::rltd_rmt_inf),
                     Field("RmtInf", &S::rmt_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const CreditTransferTransaction34&) const = default;
};

// PaymentInstruction30.
struct PaymentInstruction30 {
  std::string pmt_inf_id;
  std::string pmt_mtd;  // CHK TRF TRA
  std::optional<bool> btch_bookg;
  std::optional<std::string> nb_of_txs;
  std::optional<Decimal> ctrl_sum;
  std::optional<PaymentTypeInformation26> pmt_tp_inf;
  DateAndDateTime2Choice reqd_exctn_dt;
  std::optional<std::string> poolg_adjstmnt_dt;
  PartyIdentification135 dbtr;
  CashAccount dbtr_acct;
  Agent dbtr_agt;
  std::optional<CashAccount> dbtr_agt_acct;
  std::optional<std::string> instr_for_dbtr_agt;
  std::optional<PartyIdentification135> ultmt_dbtr;
  std::optional<std::string> chrg_br;  // DEBT CRED SHAR SLEV
  std::optional<CashAccount> chrgs_acct;
  std::optional<Agent> chrgs_acct_agt;
  std::vector<CreditTransferTransaction34> cdt_trf_tx_inf;
  static constexpr auto Fields() {
    using S = PaymentInstruction30;
    return FieldList{Field("PmtInfId", &S::pmt_inf_id),
                     Field("PmtMtd", &S::pmt_mtd),
                     Field("BtchBookg", &S::btch_bookg),
                     Field("NbOfTxs", &S::nb_of_txs),
                     Field("CtrlSum", &S::ctrl_sum),
                     Field("PmtTpInf", &S::pmt_tp_inf),
                     Field("ReqdExctnDt", &S::reqd_exctn_dt),
                     Field("PoolgAdjstmntDt", &S::poolg_adjstmnt_dt),
                     Field("Dbtr", &S::dbtr),
                     Field("DbtrAcct", &S::dbtr_acct),
                     Field("DbtrAgt", &S::dbtr_agt),
                     Field("DbtrAgtAcct", &S::dbtr_agt_acct),
                     Field("InstrForDbtrAgt", &S::instr_for_dbtr_agt),
                     Field("UltmtDbtr", &S::ultmt_dbtr),
                     Field("ChrgBr", &S::chrg_br),
                     Field("ChrgsAcct", &S::chrgs_acct),
                     Field("ChrgsAcctAgt", &S::chrgs_acct_agt),
                     Field("CdtTrfTxInf", &S::cdt_trf_tx_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const PaymentInstruction30&) const = default;
};

// CustomerCreditTransferInitiationV09.
struct Pain001 {
  static constexpr std::string_view kRootTag = "CstmrCdtTrfInitn";
  Pain001GroupHeader grp_hdr;
  std::vector<PaymentInstruction30> pmt_inf;
  static constexpr auto Fields() {
    using S = Pain001;
    return FieldList{Field("GrpHdr", &S::grp_hdr),
                     Field("PmtInf", &S::pmt_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const Pain001&) const = default;
};

}  // namespace gw::codecs
