// File: codecs/iso20022/pacs008.h
//
// pacs.008 FIToFICustomerCreditTransfer (versions 001.08 and 001.10 share this
// model; the differences are in the schemas and in ValidatePacs008's per-version
// rules). Plain values, freely copyable; no invariants beyond what Validate checks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "codecs/iso20022/components.h"

namespace gw::codecs {

// SettlementInstruction7 / 11.
struct SettlementInstruction {
  std::string sttlm_mtd;  // INDA INGA COVE CLRG
  std::optional<CashAccount> sttlm_acct;
  std::optional<CodeOrProprietary> clr_sys;
  std::optional<Agent> instg_rmbrsmnt_agt;
  std::optional<CashAccount> instg_rmbrsmnt_agt_acct;
  std::optional<Agent> instd_rmbrsmnt_agt;
  std::optional<CashAccount> instd_rmbrsmnt_agt_acct;
  std::optional<Agent> thrd_rmbrsmnt_agt;
  std::optional<CashAccount> thrd_rmbrsmnt_agt_acct;
  static constexpr auto Fields() {
    using S = SettlementInstruction;
    return FieldList{Field("SttlmMtd", &S::sttlm_mtd),
                     Field("SttlmAcct", &S::sttlm_acct),
                     Field("ClrSys", &S::clr_sys),
                     Field("InstgRmbrsmntAgt", &S::instg_rmbrsmnt_agt),
                     Field("InstgRmbrsmntAgtAcct", &S::instg_rmbrsmnt_agt_acct),
                     Field("InstdRmbrsmntAgt", &S::instd_rmbrsmnt_agt),
                     Field("InstdRmbrsmntAgtAcct", &S::instd_rmbrsmnt_agt_acct),
                     Field("ThrdRmbrsmntAgt", &S::thrd_rmbrsmnt_agt),
                     Field("ThrdRmbrsmntAgtAcct", &S::thrd_rmbrsmnt_agt_acct)};
  }
  Unmodelled unmodelled;
  bool operator==(const SettlementInstruction&) const = default;
};

// PaymentTypeInformation28.
struct PaymentTypeInformation28 {
  std::optional<std::string> instr_prty;  // HIGH NORM
  std::optional<std::string> clr_chanl;   // RTGS RTNS MPNS BOOK
  std::vector<CodeOrProprietary> svc_lvl;
  std::optional<CodeOrProprietary> lcl_instrm;
  std::optional<CodeOrProprietary> ctgy_purp;
  static constexpr auto Fields() {
    using P = PaymentTypeInformation28;
    return FieldList{Field("InstrPrty", &P::instr_prty), Field("ClrChanl", &P::clr_chanl),
                     Field("SvcLvl", &P::svc_lvl), Field("LclInstrm", &P::lcl_instrm),
                     Field("CtgyPurp", &P::ctgy_purp)};
  }
  Unmodelled unmodelled;
  bool operator==(const PaymentTypeInformation28&) const = default;
};

// GroupHeader93 / 96.
struct Pacs008GroupHeader {
  std::string msg_id;
  std::string cre_dt_tm;
  std::optional<bool> btch_bookg;
  std::string nb_of_txs;  // Max15NumericText, kept as text
  std::optional<Decimal> ctrl_sum;
  std::optional<Amount> ttl_intr_bk_sttlm_amt;
  std::optional<std::string> intr_bk_sttlm_dt;
  SettlementInstruction sttlm_inf;
  std::optional<PaymentTypeInformation28> pmt_tp_inf;
  std::optional<Agent> instg_agt;
  std::optional<Agent> instd_agt;
  static constexpr auto Fields() {
    using G = Pacs008GroupHeader;
    return FieldList{Field("MsgId", &G::msg_id),
                     Field("CreDtTm", &G::cre_dt_tm),
                     Field("BtchBookg", &G::btch_bookg),
                     Field("NbOfTxs", &G::nb_of_txs),
                     Field("CtrlSum", &G::ctrl_sum),
                     Field("TtlIntrBkSttlmAmt", &G::ttl_intr_bk_sttlm_amt),
                     Field("IntrBkSttlmDt", &G::intr_bk_sttlm_dt),
                     Field("SttlmInf", &G::sttlm_inf),
                     Field("PmtTpInf", &G::pmt_tp_inf),
                     Field("InstgAgt", &G::instg_agt),
                     Field("InstdAgt", &G::instd_agt)};
  }
  Unmodelled unmodelled;
  bool operator==(const Pacs008GroupHeader&) const = default;
};

// PaymentIdentification7.
struct PaymentIdentification7 {
  std::optional<std::string> instr_id;
  std::string end_to_end_id;
  std::optional<std::string> tx_id;
  std::optional<std::string> uetr;
  std::optional<std::string> clr_sys_ref;
  static constexpr auto Fields() {
    using P = PaymentIdentification7;
    return FieldList{Field("InstrId", &P::instr_id), Field("EndToEndId", &P::end_to_end_id),
                     Field("TxId", &P::tx_id), Field("UETR", &P::uetr),
                     Field("ClrSysRef", &P::clr_sys_ref)};
  }
  Unmodelled unmodelled;
  bool operator==(const PaymentIdentification7&) const = default;
};

// SettlementDateTimeIndication1.
struct SettlementDateTimeIndication1 {
  std::optional<std::string> dbt_dt_tm;
  std::optional<std::string> cdt_dt_tm;
  static constexpr auto Fields() {
    return FieldList{Field("DbtDtTm", &SettlementDateTimeIndication1::dbt_dt_tm),
                     Field("CdtDtTm", &SettlementDateTimeIndication1::cdt_dt_tm)};
  }
  Unmodelled unmodelled;
  bool operator==(const SettlementDateTimeIndication1&) const = default;
};

// SettlementTimeRequest2.
struct SettlementTimeRequest2 {
  std::optional<std::string> cls_tm;
  std::optional<std::string> till_tm;
  std::optional<std::string> fr_tm;
  std::optional<std::string> rjct_tm;
  static constexpr auto Fields() {
    using S = SettlementTimeRequest2;
    return FieldList{Field("CLSTm", &S::cls_tm), Field("TillTm", &S::till_tm),
                     Field("FrTm", &S::fr_tm), Field("RjctTm", &S::rjct_tm)};
  }
  Unmodelled unmodelled;
  bool operator==(const SettlementTimeRequest2&) const = default;
};

// InstructionForCreditorAgent1 (v08: Cd is Instruction3Code) / 3 (v10: external code).
struct InstructionForAgent {
  std::optional<std::string> cd;
  std::optional<std::string> instr_inf;
  static constexpr auto Fields() {
    return FieldList{Field("Cd", &InstructionForAgent::cd),
                     Field("InstrInf", &InstructionForAgent::instr_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const InstructionForAgent&) const = default;
};

// NameAndAddress16.
struct NameAndAddress16 {
  std::string nm;
  PostalAddress24 adr;
  static constexpr auto Fields() {
    return FieldList{Field("Nm", &NameAndAddress16::nm), Field("Adr", &NameAndAddress16::adr)};
  }
  Unmodelled unmodelled;
  bool operator==(const NameAndAddress16&) const = default;
};

// RemittanceLocationData1.
struct RemittanceLocationData1 {
  std::string mtd;  // FAXI EDIC URID EMAL POST SMSM
  std::optional<std::string> elctrnc_adr;
  std::optional<NameAndAddress16> pstl_adr;
  static constexpr auto Fields() {
    using R = RemittanceLocationData1;
    return FieldList{Field("Mtd", &R::mtd), Field("ElctrncAdr", &R::elctrnc_adr),
                     Field("PstlAdr", &R::pstl_adr)};
  }
  Unmodelled unmodelled;
  bool operator==(const RemittanceLocationData1&) const = default;
};

// RemittanceLocation7.
struct RemittanceLocation7 {
  std::optional<std::string> rmt_id;
  std::vector<RemittanceLocationData1> rmt_lctn_dtls;
  static constexpr auto Fields() {
    return FieldList{Field("RmtId", &RemittanceLocation7::rmt_id),
                     Field("RmtLctnDtls", &RemittanceLocation7::rmt_lctn_dtls)};
  }
  Unmodelled unmodelled;
  bool operator==(const RemittanceLocation7&) const = default;
};

// Document type: CdOrPrtry {Cd | Prtry} plus issuer.
struct DocumentTypeRef {
  CodeOrProprietary cd_or_prtry;
  std::optional<std::string> issr;
  static constexpr auto Fields() {
    return FieldList{Field("CdOrPrtry", &DocumentTypeRef::cd_or_prtry),
                     Field("Issr", &DocumentTypeRef::issr)};
  }
  Unmodelled unmodelled;
  bool operator==(const DocumentTypeRef&) const = default;
};

// ReferredDocumentInformation7 (line details are validated but not kept).
struct ReferredDocumentInformation7 {
  std::optional<DocumentTypeRef> tp;
  std::optional<std::string> nb;
  std::optional<std::string> rltd_dt;
  static constexpr auto Fields() {
    using R = ReferredDocumentInformation7;
    return FieldList{Field("Tp", &R::tp), Field("Nb", &R::nb), Field("RltdDt", &R::rltd_dt)};
  }
  Unmodelled unmodelled;
  bool operator==(const ReferredDocumentInformation7&) const = default;
};

// RemittanceAmount2 (amount parts kept: due payable, credit note, remitted).
struct RemittanceAmount2 {
  std::optional<Amount> due_pybl_amt;
  std::optional<Amount> cdt_note_amt;
  std::optional<Amount> rmtd_amt;
  static constexpr auto Fields() {
    using R = RemittanceAmount2;
    return FieldList{Field("DuePyblAmt", &R::due_pybl_amt), Field("CdtNoteAmt", &R::cdt_note_amt),
                     Field("RmtdAmt", &R::rmtd_amt)};
  }
  Unmodelled unmodelled;
  bool operator==(const RemittanceAmount2&) const = default;
};

// CreditorReferenceInformation2.
struct CreditorReferenceInformation2 {
  std::optional<DocumentTypeRef> tp;
  std::optional<std::string> ref;
  static constexpr auto Fields() {
    return FieldList{Field("Tp", &CreditorReferenceInformation2::tp),
                     Field("Ref", &CreditorReferenceInformation2::ref)};
  }
  Unmodelled unmodelled;
  bool operator==(const CreditorReferenceInformation2&) const = default;
};

// StructuredRemittanceInformation16 / 17 (tax and garnishment parts not kept).
struct StructuredRemittanceInformation {
  std::vector<ReferredDocumentInformation7> rfrd_doc_inf;
  std::optional<RemittanceAmount2> rfrd_doc_amt;
  std::optional<CreditorReferenceInformation2> cdtr_ref_inf;
  std::optional<PartyIdentification135> invcr;
  std::optional<PartyIdentification135> invcee;
  std::vector<std::string> addtl_rmt_inf;  // 0..3
  static constexpr auto Fields() {
    using S = StructuredRemittanceInformation;
    return FieldList{Field("RfrdDocInf", &S::rfrd_doc_inf), Field("RfrdDocAmt", &S::rfrd_doc_amt),
                     Field("CdtrRefInf", &S::cdtr_ref_inf), Field("Invcr", &S::invcr),
                     Field("Invcee", &S::invcee), Field("AddtlRmtInf", &S::addtl_rmt_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const StructuredRemittanceInformation&) const = default;
};

// RemittanceInformation16 / 21.
struct RemittanceInformation {
  std::vector<std::string> ustrd;
  std::vector<StructuredRemittanceInformation> strd;
  static constexpr auto Fields() {
    return FieldList{Field("Ustrd", &RemittanceInformation::ustrd),
                     Field("Strd", &RemittanceInformation::strd)};
  }
  Unmodelled unmodelled;
  bool operator==(const RemittanceInformation&) const = default;
};

// CreditTransferTransaction39 / 50.
struct CreditTransferTransaction {
  PaymentIdentification7 pmt_id;
  std::optional<PaymentTypeInformation28> pmt_tp_inf;
  Amount intr_bk_sttlm_amt;
  std::optional<std::string> intr_bk_sttlm_dt;
  std::optional<std::string> sttlm_prty;
  std::optional<SettlementDateTimeIndication1> sttlm_tm_indctn;
  std::optional<SettlementTimeRequest2> sttlm_tm_req;
  std::optional<std::string> accptnc_dt_tm;
  std::optional<std::string> poolg_adjstmnt_dt;
  std::optional<Amount> instd_amt;
  std::optional<Decimal> xchg_rate;
  std::string chrg_br;  // DEBT CRED SHAR SLEV
  std::vector<Charges7> chrgs_inf;
  std::optional<Agent> prvs_instg_agt1;
  std::optional<CashAccount> prvs_instg_agt1_acct;
  std::optional<Agent> prvs_instg_agt2;
  std::optional<CashAccount> prvs_instg_agt2_acct;
  std::optional<Agent> prvs_instg_agt3;
  std::optional<CashAccount> prvs_instg_agt3_acct;
  std::optional<Agent> instg_agt;
  std::optional<Agent> instd_agt;
  std::optional<Agent> intrmy_agt1;
  std::optional<CashAccount> intrmy_agt1_acct;
  std::optional<Agent> intrmy_agt2;
  std::optional<CashAccount> intrmy_agt2_acct;
  std::optional<Agent> intrmy_agt3;
  std::optional<CashAccount> intrmy_agt3_acct;
  std::optional<PartyIdentification135> ultmt_dbtr;
  std::optional<PartyIdentification135> initg_pty;
  PartyIdentification135 dbtr;
  std::optional<CashAccount> dbtr_acct;
  Agent dbtr_agt;
  std::optional<CashAccount> dbtr_agt_acct;
  Agent cdtr_agt;
  std::optional<CashAccount> cdtr_agt_acct;
  PartyIdentification135 cdtr;
  std::optional<CashAccount> cdtr_acct;
  std::optional<PartyIdentification135> ultmt_cdtr;
  std::vector<InstructionForAgent> instr_for_cdtr_agt;
  std::vector<InstructionForAgent> instr_for_nxt_agt;
  std::optional<CodeOrProprietary> purp;
  std::vector<RemittanceLocation7> rltd_rmt_inf;
  std::optional<RemittanceInformation> rmt_inf;
  static constexpr auto Fields() {
    using C = CreditTransferTransaction;
    return FieldList{Field("PmtId", &C::pmt_id),
                     Field("PmtTpInf", &C::pmt_tp_inf),
                     Field("IntrBkSttlmAmt", &C::intr_bk_sttlm_amt),
                     Field("IntrBkSttlmDt", &C::intr_bk_sttlm_dt),
                     Field("SttlmPrty", &C::sttlm_prty),
                     Field("SttlmTmIndctn", &C::sttlm_tm_indctn),
                     Field("SttlmTmReq", &C::sttlm_tm_req),
                     Field("AccptncDtTm", &C::accptnc_dt_tm),
                     Field("PoolgAdjstmntDt", &C::poolg_adjstmnt_dt),
                     Field("InstdAmt", &C::instd_amt),
                     Field("XchgRate", &C::xchg_rate),
                     Field("ChrgBr", &C::chrg_br),
                     Field("ChrgsInf", &C::chrgs_inf),
                     Field("PrvsInstgAgt1", &C::prvs_instg_agt1),
                     Field("PrvsInstgAgt1Acct", &C::prvs_instg_agt1_acct),
                     Field("PrvsInstgAgt2", &C::prvs_instg_agt2),
                     Field("PrvsInstgAgt2Acct", &C::prvs_instg_agt2_acct),
                     Field("PrvsInstgAgt3", &C::prvs_instg_agt3),
                     Field("PrvsInstgAgt3Acct", &C::prvs_instg_agt3_acct),
                     Field("InstgAgt", &C::instg_agt),
                     Field("InstdAgt", &C::instd_agt),
                     Field("IntrmyAgt1", &C::intrmy_agt1),
                     Field("IntrmyAgt1Acct", &C::intrmy_agt1_acct),
                     Field("IntrmyAgt2", &C::intrmy_agt2),
                     Field("IntrmyAgt2Acct", &C::intrmy_agt2_acct),
                     Field("IntrmyAgt3", &C::intrmy_agt3),
                     Field("IntrmyAgt3Acct", &C::intrmy_agt3_acct),
                     Field("UltmtDbtr", &C::ultmt_dbtr),
                     Field("InitgPty", &C::initg_pty),
                     Field("Dbtr", &C::dbtr),
                     Field("DbtrAcct", &C::dbtr_acct),
                     Field("DbtrAgt", &C::dbtr_agt),
                     Field("DbtrAgtAcct", &C::dbtr_agt_acct),
                     Field("CdtrAgt", &C::cdtr_agt),
                     Field("CdtrAgtAcct", &C::cdtr_agt_acct),
                     Field("Cdtr", &C::cdtr),
                     Field("CdtrAcct", &C::cdtr_acct),
                     Field("UltmtCdtr", &C::ultmt_cdtr),
                     Field("InstrForCdtrAgt", &C::instr_for_cdtr_agt),
                     Field("InstrForNxtAgt", &C::instr_for_nxt_agt),
                     Field("Purp", &C::purp),
                     Field("RltdRmtInf", &C::rltd_rmt_inf),
                     Field("RmtInf", &C::rmt_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const CreditTransferTransaction&) const = default;
};

// The message: <Document><FIToFICstmrCdtTrf>...</FIToFICstmrCdtTrf></Document>.
struct Pacs008 {
  static constexpr std::string_view kRootTag = "FIToFICstmrCdtTrf";
  Pacs008GroupHeader grp_hdr;
  std::vector<CreditTransferTransaction> cdt_trf_tx_inf;  // 1..n
  static constexpr auto Fields() {
    return FieldList{Field("GrpHdr", &Pacs008::grp_hdr),
                     Field("CdtTrfTxInf", &Pacs008::cdt_trf_tx_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const Pacs008&) const = default;
};

}  // namespace gw::codecs
