// File: codecs/iso20022/ext_components.h
//
// Components shared by pacs.004, pacs.009, camt.029, camt.053, camt.054, camt.056 and
// pain.001 that components.h, pacs008.h and pacs002.h do not already model. Members
// follow schema order and are named after the XML tags (codecs/iso20022/fields.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/iso20022/components.h"
#include "codecs/iso20022/pacs002.h"
#include "codecs/iso20022/pacs008.h"

namespace gw::codecs {

// PaymentReturnReason5/6, PaymentCancellationReason5, CancellationStatusReason4, ModificationStatusReason2 (same shape): who, why, details.
struct ReasonInformation {
  std::optional<PartyIdentification135> orgtr;
  std::optional<CodeOrProprietary> rsn;  // Cd: ExternalReturnReason1Code
  std::vector<std::string> addtl_inf;
  static constexpr auto Fields() {
    using S = ReasonInformation;
    return FieldList{Field("Orgtr", &S::orgtr),
                     Field("Rsn", &S::rsn),
                     Field("AddtlInf", &S::addtl_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const ReasonInformation&) const = default;
};

// CaseAssignment5.
struct CaseAssignment5 {
  std::string id;
  Party40Choice assgnr;
  Party40Choice assgne;
  std::string cre_dt_tm;
  static constexpr auto Fields() {
    using S = CaseAssignment5;
    return FieldList{Field("Id", &S::id),
                     Field("Assgnr", &S::assgnr),
                     Field("Assgne", &S::assgne),
                     Field("CreDtTm", &S::cre_dt_tm)};
  }
  Unmodelled unmodelled;
  bool operator==(const CaseAssignment5&) const = default;
};

// Case5.
struct Case5 {
  std::string id;
  Party40Choice cretr;
  std::optional<bool> reop_case_indctn;
  static constexpr auto Fields() {
    using S = Case5;
    return FieldList{Field("Id", &S::id),
                     Field("Cretr", &S::cretr),
                     Field("ReopCaseIndctn", &S::reop_case_indctn)};
  }
  Unmodelled unmodelled;
  bool operator==(const Case5&) const = default;
};

// GenericIdentification3.
struct GenericIdentification3 {
  std::string id;
  std::optional<std::string> issr;
  static constexpr auto Fields() {
    using S = GenericIdentification3;
    return FieldList{Field("Id", &S::id),
                     Field("Issr", &S::issr)};
  }
  Unmodelled unmodelled;
  bool operator==(const GenericIdentification3&) const = default;
};

// ChargeType3Choice; exactly one member is set.
struct ChargeType3Choice {
  std::optional<std::string> cd;
  std::optional<GenericIdentification3> prtry;
  static constexpr auto Fields() {
    using S = ChargeType3Choice;
    return FieldList{Field("Cd", &S::cd),
                     Field("Prtry", &S::prtry)};
  }
  Unmodelled unmodelled;
  bool operator==(const ChargeType3Choice&) const = default;
};

// ChargesRecord3.
struct ChargesRecord3 {
  Amount amt;
  std::optional<std::string> cdt_dbt_ind;  // CRDT DBIT
  std::optional<bool> chrg_incl_ind;
  std::optional<ChargeType3Choice> tp;
  std::optional<Decimal> rate;
  std::optional<std::string> br;  // DEBT CRED SHAR SLEV
  std::optional<Agent> agt;
  static constexpr auto Fields() {
    using S = ChargesRecord3;
    return FieldList{Field("Amt", &S::amt),
                     Field("CdtDbtInd", &S::cdt_dbt_ind),
                     Field("ChrgInclInd", &S::chrg_incl_ind),
                     Field("Tp", &S::tp),
                     Field("Rate", &S::rate),
                     Field("Br", &S::br),
                     Field("Agt", &S::agt)};
  }
  Unmodelled unmodelled;
  bool operator==(const ChargesRecord3&) const = default;
};

// Charges6.
struct Charges6 {
  std::optional<Amount> ttl_chrgs_and_tax_amt;
  std::vector<ChargesRecord3> rcrd;
  static constexpr auto Fields() {
    using S = Charges6;
    return FieldList{Field("TtlChrgsAndTaxAmt", &S::ttl_chrgs_and_tax_amt),
                     Field("Rcrd", &S::rcrd)};
  }
  Unmodelled unmodelled;
  bool operator==(const Charges6&) const = default;
};

// Pagination1.
struct Pagination1 {
  std::string pg_nb;
  bool last_pg_ind;
  static constexpr auto Fields() {
    using S = Pagination1;
    return FieldList{Field("PgNb", &S::pg_nb),
                     Field("LastPgInd", &S::last_pg_ind)};
  }
  Unmodelled unmodelled;
  bool operator==(const Pagination1&) const = default;
};

// OriginalBusinessQuery1.
struct OriginalBusinessQuery1 {
  std::string msg_id;
  std::optional<std::string> msg_nm_id;
  std::optional<std::string> cre_dt_tm;
  static constexpr auto Fields() {
    using S = OriginalBusinessQuery1;
    return FieldList{Field("MsgId", &S::msg_id),
                     Field("MsgNmId", &S::msg_nm_id),
                     Field("CreDtTm", &S::cre_dt_tm)};
  }
  Unmodelled unmodelled;
  bool operator==(const OriginalBusinessQuery1&) const = default;
};

// GroupHeader81.
struct ReportGroupHeader {
  std::string msg_id;
  std::string cre_dt_tm;
  std::optional<PartyIdentification135> msg_rcpt;
  std::optional<Pagination1> msg_pgntn;
  std::optional<OriginalBusinessQuery1> orgnl_biz_qry;
  std::optional<std::string> addtl_inf;
  static constexpr auto Fields() {
    using S = ReportGroupHeader;
    return FieldList{Field("MsgId", &S::msg_id),
                     Field("CreDtTm", &S::cre_dt_tm),
                     Field("MsgRcpt", &S::msg_rcpt),
                     Field("MsgPgntn", &S::msg_pgntn),
                     Field("OrgnlBizQry", &S::orgnl_biz_qry),
                     Field("AddtlInf", &S::addtl_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const ReportGroupHeader&) const = default;
};

// SequenceRange1.
struct SequenceRange1 {
  std::string fr_seq;
  std::string to_seq;
  static constexpr auto Fields() {
    using S = SequenceRange1;
    return FieldList{Field("FrSeq", &S::fr_seq),
                     Field("ToSeq", &S::to_seq)};
  }
  Unmodelled unmodelled;
  bool operator==(const SequenceRange1&) const = default;
};

// SequenceRange1Choice; exactly one member is set.
struct SequenceRange1Choice {
  std::optional<std::string> fr_seq;
  std::optional<std::string> to_seq;
  std::vector<SequenceRange1> fr_to_seq;
  std::vector<std::string> eq_seq;
  std::vector<std::string> neq_seq;
  static constexpr auto Fields() {
    using S = SequenceRange1Choice;
    return FieldList{Field("FrSeq", &S::fr_seq),
                     Field("ToSeq", &S::to_seq),
                     Field("FrToSeq", &S::fr_to_seq),
                     Field("EQSeq", &S::eq_seq),
                     Field("NEQSeq", &S::neq_seq)};
  }
  Unmodelled unmodelled;
  bool operator==(const SequenceRange1Choice&) const = default;
};

// DateTimePeriod1.
struct DateTimePeriod1 {
  std::string fr_dt_tm;
  std::string to_dt_tm;
  static constexpr auto Fields() {
    using S = DateTimePeriod1;
    return FieldList{Field("FrDtTm", &S::fr_dt_tm),
                     Field("ToDtTm", &S::to_dt_tm)};
  }
  Unmodelled unmodelled;
  bool operator==(const DateTimePeriod1&) const = default;
};

// CashAccount39.
struct CashAccount39 {
  AccountIdentification4Choice id;
  std::optional<CodeOrProprietary> tp;  // Cd: ExternalCashAccountType1Code
  std::optional<std::string> ccy;
  std::optional<std::string> nm;
  std::optional<ProxyAccountIdentification1> prxy;
  std::optional<PartyIdentification135> ownr;
  std::optional<Agent> svcr;
  static constexpr auto Fields() {
    using S = CashAccount39;
    return FieldList{Field("Id", &S::id),
                     Field("Tp", &S::tp),
                     Field("Ccy", &S::ccy),
                     Field("Nm", &S::nm),
                     Field("Prxy", &S::prxy),
                     Field("Ownr", &S::ownr),
                     Field("Svcr", &S::svcr)};
  }
  Unmodelled unmodelled;
  bool operator==(const CashAccount39&) const = default;
};

// RateType4Choice; exactly one member is set.
struct RateType4Choice {
  std::optional<Decimal> pctg;
  std::optional<std::string> othr;
  static constexpr auto Fields() {
    using S = RateType4Choice;
    return FieldList{Field("Pctg", &S::pctg),
                     Field("Othr", &S::othr)};
  }
  Unmodelled unmodelled;
  bool operator==(const RateType4Choice&) const = default;
};

// AmountRangeBoundary1.
struct AmountRangeBoundary1 {
  Decimal bdry_amt;
  bool incl;
  static constexpr auto Fields() {
    using S = AmountRangeBoundary1;
    return FieldList{Field("BdryAmt", &S::bdry_amt),
                     Field("Incl", &S::incl)};
  }
  Unmodelled unmodelled;
  bool operator==(const AmountRangeBoundary1&) const = default;
};

// FromToAmountRange1.
struct FromToAmountRange1 {
  AmountRangeBoundary1 fr_amt;
  AmountRangeBoundary1 to_amt;
  static constexpr auto Fields() {
    using S = FromToAmountRange1;
    return FieldList{Field("FrAmt", &S::fr_amt),
                     Field("ToAmt", &S::to_amt)};
  }
  Unmodelled unmodelled;
  bool operator==(const FromToAmountRange1&) const = default;
};

// ImpliedCurrencyAmountRange1Choice; exactly one member is set.
struct ImpliedCurrencyAmountRange1Choice {
  std::optional<AmountRangeBoundary1> fr_amt;
  std::optional<AmountRangeBoundary1> to_amt;
  std::optional<FromToAmountRange1> fr_to_amt;
  std::optional<Decimal> eq_amt;
  std::optional<Decimal> neq_amt;
  static constexpr auto Fields() {
    using S = ImpliedCurrencyAmountRange1Choice;
    return FieldList{Field("FrAmt", &S::fr_amt),
                     Field("ToAmt", &S::to_amt),
                     Field("FrToAmt", &S::fr_to_amt),
                     Field("EQAmt", &S::eq_amt),
                     Field("NEQAmt", &S::neq_amt)};
  }
  Unmodelled unmodelled;
  bool operator==(const ImpliedCurrencyAmountRange1Choice&) const = default;
};

// ActiveOrHistoricCurrencyAndAmountRange2.
struct ActiveOrHistoricCurrencyAndAmountRange2 {
  ImpliedCurrencyAmountRange1Choice amt;
  std::optional<std::string> cdt_dbt_ind;  // CRDT DBIT
  std::string ccy;
  static constexpr auto Fields() {
    using S = ActiveOrHistoricCurrencyAndAmountRange2;
    return FieldList{Field("Amt", &S::amt),
                     Field("CdtDbtInd", &S::cdt_dbt_ind),
                     Field("Ccy", &S::ccy)};
  }
  Unmodelled unmodelled;
  bool operator==(const ActiveOrHistoricCurrencyAndAmountRange2&) const = default;
};

// Rate4.
struct Rate4 {
  RateType4Choice tp;
  std::optional<ActiveOrHistoricCurrencyAndAmountRange2> vldty_rg;
  static constexpr auto Fields() {
    using S = Rate4;
    return FieldList{Field("Tp", &S::tp),
                     Field("VldtyRg", &S::vldty_rg)};
  }
  Unmodelled unmodelled;
  bool operator==(const Rate4&) const = default;
};

// AccountInterest4.
struct AccountInterest4 {
  std::optional<CodeOrProprietary> tp;  // Cd: InterestType1Code
  std::vector<Rate4> rate;
  std::optional<DateTimePeriod1> fr_to_dt;
  std::optional<std::string> rsn;
  static constexpr auto Fields() {
    using S = AccountInterest4;
    return FieldList{Field("Tp", &S::tp),
                     Field("Rate", &S::rate),
                     Field("FrToDt", &S::fr_to_dt),
                     Field("Rsn", &S::rsn)};
  }
  Unmodelled unmodelled;
  bool operator==(const AccountInterest4&) const = default;
};

// CashAvailabilityDate1Choice; exactly one member is set.
struct CashAvailabilityDate1Choice {
  std::optional<std::string> nb_of_days;
  std::optional<std::string> actl_dt;
  static constexpr auto Fields() {
    using S = CashAvailabilityDate1Choice;
    return FieldList{Field("NbOfDays", &S::nb_of_days),
                     Field("ActlDt", &S::actl_dt)};
  }
  Unmodelled unmodelled;
  bool operator==(const CashAvailabilityDate1Choice&) const = default;
};

// CashAvailability1.
struct CashAvailability1 {
  CashAvailabilityDate1Choice dt;
  Amount amt;
  std::string cdt_dbt_ind;  // CRDT DBIT
  static constexpr auto Fields() {
    using S = CashAvailability1;
    return FieldList{Field("Dt", &S::dt),
                     Field("Amt", &S::amt),
                     Field("CdtDbtInd", &S::cdt_dbt_ind)};
  }
  Unmodelled unmodelled;
  bool operator==(const CashAvailability1&) const = default;
};

// AmountAndDirection35.
struct AmountAndDirection35 {
  Decimal amt;
  std::string cdt_dbt_ind;  // CRDT DBIT
  static constexpr auto Fields() {
    using S = AmountAndDirection35;
    return FieldList{Field("Amt", &S::amt),
                     Field("CdtDbtInd", &S::cdt_dbt_ind)};
  }
  Unmodelled unmodelled;
  bool operator==(const AmountAndDirection35&) const = default;
};

// NumberAndSumOfTransactions4 (and 1, which has no TtlNetNtry).
struct NumberAndSumOfTransactions4 {
  std::optional<std::string> nb_of_ntries;
  std::optional<Decimal> sum;
  std::optional<AmountAndDirection35> ttl_net_ntry;
  static constexpr auto Fields() {
    using S = NumberAndSumOfTransactions4;
    return FieldList{Field("NbOfNtries", &S::nb_of_ntries),
                     Field("Sum", &S::sum),
                     Field("TtlNetNtry", &S::ttl_net_ntry)};
  }
  Unmodelled unmodelled;
  bool operator==(const NumberAndSumOfTransactions4&) const = default;
};

// NumberAndSumOfTransactions1.
struct NumberAndSumOfTransactions1 {
  std::optional<std::string> nb_of_ntries;
  std::optional<Decimal> sum;
  static constexpr auto Fields() {
    using S = NumberAndSumOfTransactions1;
    return FieldList{Field("NbOfNtries", &S::nb_of_ntries),
                     Field("Sum", &S::sum)};
  }
  Unmodelled unmodelled;
  bool operator==(const NumberAndSumOfTransactions1&) const = default;
};

// BankTransactionCodeStructure6.
struct BankTransactionCodeStructure6 {
  std::string cd;
  std::string sub_fmly_cd;
  static constexpr auto Fields() {
    using S = BankTransactionCodeStructure6;
    return FieldList{Field("Cd", &S::cd),
                     Field("SubFmlyCd", &S::sub_fmly_cd)};
  }
  Unmodelled unmodelled;
  bool operator==(const BankTransactionCodeStructure6&) const = default;
};

// BankTransactionCodeStructure5.
struct BankTransactionCodeStructure5 {
  std::string cd;
  BankTransactionCodeStructure6 fmly;
  static constexpr auto Fields() {
    using S = BankTransactionCodeStructure5;
    return FieldList{Field("Cd", &S::cd),
                     Field("Fmly", &S::fmly)};
  }
  Unmodelled unmodelled;
  bool operator==(const BankTransactionCodeStructure5&) const = default;
};

// ProprietaryBankTransactionCodeStructure1.
struct ProprietaryBankTransactionCodeStructure1 {
  std::string cd;
  std::optional<std::string> issr;
  static constexpr auto Fields() {
    using S = ProprietaryBankTransactionCodeStructure1;
    return FieldList{Field("Cd", &S::cd),
                     Field("Issr", &S::issr)};
  }
  Unmodelled unmodelled;
  bool operator==(const ProprietaryBankTransactionCodeStructure1&) const = default;
};

// BankTransactionCodeStructure4.
struct BankTransactionCodeStructure4 {
  std::optional<BankTransactionCodeStructure5> domn;
  std::optional<ProprietaryBankTransactionCodeStructure1> prtry;
  static constexpr auto Fields() {
    using S = BankTransactionCodeStructure4;
    return FieldList{Field("Domn", &S::domn),
                     Field("Prtry", &S::prtry)};
  }
  Unmodelled unmodelled;
  bool operator==(const BankTransactionCodeStructure4&) const = default;
};

// TotalsPerBankTransactionCode5.
struct TotalsPerBankTransactionCode5 {
  std::optional<std::string> nb_of_ntries;
  std::optional<Decimal> sum;
  std::optional<AmountAndDirection35> ttl_net_ntry;
  std::optional<NumberAndSumOfTransactions1> cdt_ntries;
  std::optional<NumberAndSumOfTransactions1> dbt_ntries;
  std::optional<bool> fcst_ind;
  BankTransactionCodeStructure4 bk_tx_cd;
  std::vector<CashAvailability1> avlbty;
  std::optional<DateAndDateTime2Choice> dt;
  static constexpr auto Fields() {
    using S = TotalsPerBankTransactionCode5;
    return FieldList{Field("NbOfNtries", &S::nb_of_ntries),
                     Field("Sum", &S::sum),
                     Field("TtlNetNtry", &S::ttl_net_ntry),
                     Field("CdtNtries", &S::cdt_ntries),
                     Field("DbtNtries", &S::dbt_ntries),
                     Field("FcstInd", &S::fcst_ind),
                     Field("BkTxCd", &S::bk_tx_cd),
                     Field("Avlbty", &S::avlbty),
                     Field("Dt", &S::dt)};
  }
  Unmodelled unmodelled;
  bool operator==(const TotalsPerBankTransactionCode5&) const = default;
};

// TotalTransactions6.
struct TotalTransactions6 {
  std::optional<NumberAndSumOfTransactions4> ttl_ntries;
  std::optional<NumberAndSumOfTransactions1> ttl_cdt_ntries;
  std::optional<NumberAndSumOfTransactions1> ttl_dbt_ntries;
  std::vector<TotalsPerBankTransactionCode5> ttl_ntries_per_bk_tx_cd;
  static constexpr auto Fields() {
    using S = TotalTransactions6;
    return FieldList{Field("TtlNtries", &S::ttl_ntries),
                     Field("TtlCdtNtries", &S::ttl_cdt_ntries),
                     Field("TtlDbtNtries", &S::ttl_dbt_ntries),
                     Field("TtlNtriesPerBkTxCd", &S::ttl_ntries_per_bk_tx_cd)};
  }
  Unmodelled unmodelled;
  bool operator==(const TotalTransactions6&) const = default;
};

// MessageIdentification2.
struct MessageIdentification2 {
  std::optional<std::string> msg_nm_id;
  std::optional<std::string> msg_id;
  static constexpr auto Fields() {
    using S = MessageIdentification2;
    return FieldList{Field("MsgNmId", &S::msg_nm_id),
                     Field("MsgId", &S::msg_id)};
  }
  Unmodelled unmodelled;
  bool operator==(const MessageIdentification2&) const = default;
};

// CurrencyExchange5.
struct CurrencyExchange5 {
  std::string src_ccy;
  std::optional<std::string> trgt_ccy;
  std::optional<std::string> unit_ccy;
  Decimal xchg_rate;
  std::optional<std::string> ctrct_id;
  std::optional<std::string> qtn_dt;
  static constexpr auto Fields() {
    using S = CurrencyExchange5;
    return FieldList{Field("SrcCcy", &S::src_ccy),
                     Field("TrgtCcy", &S::trgt_ccy),
                     Field("UnitCcy", &S::unit_ccy),
                     Field("XchgRate", &S::xchg_rate),
                     Field("CtrctId", &S::ctrct_id),
                     Field("QtnDt", &S::qtn_dt)};
  }
  Unmodelled unmodelled;
  bool operator==(const CurrencyExchange5&) const = default;
};

// AmountAndCurrencyExchangeDetails3.
struct AmountAndCurrencyExchangeDetails3 {
  Amount amt;
  std::optional<CurrencyExchange5> ccy_xchg;
  static constexpr auto Fields() {
    using S = AmountAndCurrencyExchangeDetails3;
    return FieldList{Field("Amt", &S::amt),
                     Field("CcyXchg", &S::ccy_xchg)};
  }
  Unmodelled unmodelled;
  bool operator==(const AmountAndCurrencyExchangeDetails3&) const = default;
};

// AmountAndCurrencyExchangeDetails4 (and 3, which has no Tp).
struct AmountAndCurrencyExchangeDetails4 {
  std::string tp;
  Amount amt;
  std::optional<CurrencyExchange5> ccy_xchg;
  static constexpr auto Fields() {
    using S = AmountAndCurrencyExchangeDetails4;
    return FieldList{Field("Tp", &S::tp),
                     Field("Amt", &S::amt),
                     Field("CcyXchg", &S::ccy_xchg)};
  }
  Unmodelled unmodelled;
  bool operator==(const AmountAndCurrencyExchangeDetails4&) const = default;
};

// AmountAndCurrencyExchange3.
struct AmountAndCurrencyExchange3 {
  std::optional<AmountAndCurrencyExchangeDetails3> instd_amt;
  std::optional<AmountAndCurrencyExchangeDetails3> tx_amt;
  std::optional<AmountAndCurrencyExchangeDetails3> cntr_val_amt;
  std::optional<AmountAndCurrencyExchangeDetails3> anncd_pstng_amt;
  std::vector<AmountAndCurrencyExchangeDetails4> prtry_amt;
  static constexpr auto Fields() {
    using S = AmountAndCurrencyExchange3;
    return FieldList{Field("InstdAmt", &S::instd_amt),
                     Field("TxAmt", &S::tx_amt),
                     Field("CntrValAmt", &S::cntr_val_amt),
                     Field("AnncdPstngAmt", &S::anncd_pstng_amt),
                     Field("PrtryAmt", &S::prtry_amt)};
  }
  Unmodelled unmodelled;
  bool operator==(const AmountAndCurrencyExchange3&) const = default;
};

// InterestRecord2.
struct InterestRecord2 {
  Amount amt;
  std::string cdt_dbt_ind;  // CRDT DBIT
  std::optional<CodeOrProprietary> tp;  // Cd: InterestType1Code
  std::optional<Rate4> rate;
  std::optional<DateTimePeriod1> fr_to_dt;
  std::optional<std::string> rsn;
  static constexpr auto Fields() {
    using S = InterestRecord2;
    return FieldList{Field("Amt", &S::amt),
                     Field("CdtDbtInd", &S::cdt_dbt_ind),
                     Field("Tp", &S::tp),
                     Field("Rate", &S::rate),
                     Field("FrToDt", &S::fr_to_dt),
                     Field("Rsn", &S::rsn)};
  }
  Unmodelled unmodelled;
  bool operator==(const InterestRecord2&) const = default;
};

// TransactionInterest4.
struct TransactionInterest4 {
  std::optional<Amount> ttl_intrst_and_tax_amt;
  std::vector<InterestRecord2> rcrd;
  static constexpr auto Fields() {
    using S = TransactionInterest4;
    return FieldList{Field("TtlIntrstAndTaxAmt", &S::ttl_intrst_and_tax_amt),
                     Field("Rcrd", &S::rcrd)};
  }
  Unmodelled unmodelled;
  bool operator==(const TransactionInterest4&) const = default;
};

// BatchInformation2.
struct BatchInformation2 {
  std::optional<std::string> msg_id;
  std::optional<std::string> pmt_inf_id;
  std::optional<std::string> nb_of_txs;
  std::optional<Amount> ttl_amt;
  std::optional<std::string> cdt_dbt_ind;  // CRDT DBIT
  static constexpr auto Fields() {
    using S = BatchInformation2;
    return FieldList{Field("MsgId", &S::msg_id),
                     Field("PmtInfId", &S::pmt_inf_id),
                     Field("NbOfTxs", &S::nb_of_txs),
                     Field("TtlAmt", &S::ttl_amt),
                     Field("CdtDbtInd", &S::cdt_dbt_ind)};
  }
  Unmodelled unmodelled;
  bool operator==(const BatchInformation2&) const = default;
};

// ProprietaryReference1.
struct ProprietaryReference1 {
  std::string tp;
  std::string ref;
  static constexpr auto Fields() {
    using S = ProprietaryReference1;
    return FieldList{Field("Tp", &S::tp),
                     Field("Ref", &S::ref)};
  }
  Unmodelled unmodelled;
  bool operator==(const ProprietaryReference1&) const = default;
};

// TransactionReferences6.
struct TransactionReferences6 {
  std::optional<std::string> msg_id;
  std::optional<std::string> acct_svcr_ref;
  std::optional<std::string> pmt_inf_id;
  std::optional<std::string> instr_id;
  std::optional<std::string> end_to_end_id;
  std::optional<std::string> uetr;
  std::optional<std::string> tx_id;
  std::optional<std::string> mndt_id;
  std::optional<std::string> chq_nb;
  std::optional<std::string> clr_sys_ref;
  std::optional<std::string> acct_ownr_tx_id;
  std::optional<std::string> acct_svcr_tx_id;
  std::optional<std::string> mkt_infrstrctr_tx_id;
  std::optional<std::string> prcg_id;
  std::vector<ProprietaryReference1> prtry;
  static constexpr auto Fields() {
    using S = TransactionReferences6;
    return FieldList{Field("MsgId", &S::msg_id),
                     Field("AcctSvcrRef", &S::acct_svcr_ref),
                     Field("PmtInfId", &S::pmt_inf_id),
                     Field("InstrId", &S::instr_id),
                     Field("EndToEndId", &S::end_to_end_id),
                     Field("UETR", &S::uetr),
                     Field("TxId", &S::tx_id),
                     Field("MndtId", &S::mndt_id),
                     Field("ChqNb", &S::chq_nb),
                     Field("ClrSysRef", &S::clr_sys_ref),
                     Field("AcctOwnrTxId", &S::acct_ownr_tx_id),
                     Field("AcctSvcrTxId", &S::acct_svcr_tx_id),
                     Field("MktInfrstrctrTxId", &S::mkt_infrstrctr_tx_id),
                     Field("PrcgId", &S::prcg_id),
                     Field("Prtry", &S::prtry)};
  }
  Unmodelled unmodelled;
  bool operator==(const TransactionReferences6&) const = default;
};

// ProprietaryParty5.
struct ProprietaryParty5 {
  std::string tp;
  Party40Choice pty;
  static constexpr auto Fields() {
    using S = ProprietaryParty5;
    return FieldList{Field("Tp", &S::tp),
                     Field("Pty", &S::pty)};
  }
  Unmodelled unmodelled;
  bool operator==(const ProprietaryParty5&) const = default;
};

// TransactionParties6.
struct TransactionParties6 {
  std::optional<Party40Choice> initg_pty;
  std::optional<Party40Choice> dbtr;
  std::optional<CashAccount> dbtr_acct;
  std::optional<Party40Choice> ultmt_dbtr;
  std::optional<Party40Choice> cdtr;
  std::optional<CashAccount> cdtr_acct;
  std::optional<Party40Choice> ultmt_cdtr;
  std::optional<Party40Choice> tradg_pty;
  std::vector<ProprietaryParty5> prtry;
  static constexpr auto Fields() {
    using S = TransactionParties6;
    return FieldList{Field("InitgPty", &S::initg_pty),
                     Field("Dbtr", &S::dbtr),
                     Field("DbtrAcct", &S::dbtr_acct),
                     Field("UltmtDbtr", &S::ultmt_dbtr),
                     Field("Cdtr", &S::cdtr),
                     Field("CdtrAcct", &S::cdtr_acct),
                     Field("UltmtCdtr", &S::ultmt_cdtr),
                     Field("TradgPty", &S::tradg_pty),
                     Field("Prtry", &S::prtry)};
  }
  Unmodelled unmodelled;
  bool operator==(const TransactionParties6&) const = default;
};

// ProprietaryAgent4.
struct ProprietaryAgent4 {
  std::string tp;
  Agent agt;
  static constexpr auto Fields() {
    using S = ProprietaryAgent4;
    return FieldList{Field("Tp", &S::tp),
                     Field("Agt", &S::agt)};
  }
  Unmodelled unmodelled;
  bool operator==(const ProprietaryAgent4&) const = default;
};

// TransactionAgents5.
struct TransactionAgents5 {
  std::optional<Agent> instg_agt;
  std::optional<Agent> instd_agt;
  std::optional<Agent> dbtr_agt;
  std::optional<Agent> cdtr_agt;
  std::optional<Agent> intrmy_agt1;
  std::optional<Agent> intrmy_agt2;
  std::optional<Agent> intrmy_agt3;
  std::optional<Agent> rcvg_agt;
  std::optional<Agent> dlvrg_agt;
  std::optional<Agent> issg_agt;
  std::optional<Agent> sttlm_plc;
  std::vector<ProprietaryAgent4> prtry;
  static constexpr auto Fields() {
    using S = TransactionAgents5;
    return FieldList{Field("InstgAgt", &S::instg_agt),
                     Field("InstdAgt", &S::instd_agt),
                     Field("DbtrAgt", &S::dbtr_agt),
                     Field("CdtrAgt", &S::cdtr_agt),
                     Field("IntrmyAgt1", &S::intrmy_agt1),
                     Field("IntrmyAgt2", &S::intrmy_agt2),
                     Field("IntrmyAgt3", &S::intrmy_agt3),
                     Field("RcvgAgt", &S::rcvg_agt),
                     Field("DlvrgAgt", &S::dlvrg_agt),
                     Field("IssgAgt", &S::issg_agt),
                     Field("SttlmPlc", &S::sttlm_plc),
                     Field("Prtry", &S::prtry)};
  }
  Unmodelled unmodelled;
  bool operator==(const TransactionAgents5&) const = default;
};

// ProprietaryDate3.
struct ProprietaryDate3 {
  std::string tp;
  DateAndDateTime2Choice dt;
  static constexpr auto Fields() {
    using S = ProprietaryDate3;
    return FieldList{Field("Tp", &S::tp),
                     Field("Dt", &S::dt)};
  }
  Unmodelled unmodelled;
  bool operator==(const ProprietaryDate3&) const = default;
};

// TransactionDates3.
struct TransactionDates3 {
  std::optional<std::string> accptnc_dt_tm;
  std::optional<std::string> trad_actvty_ctrctl_sttlm_dt;
  std::optional<std::string> trad_dt;
  std::optional<std::string> intr_bk_sttlm_dt;
  std::optional<std::string> start_dt;
  std::optional<std::string> end_dt;
  std::optional<std::string> tx_dt_tm;
  std::vector<ProprietaryDate3> prtry;
  static constexpr auto Fields() {
    using S = TransactionDates3;
    return FieldList{Field("AccptncDtTm", &S::accptnc_dt_tm),
                     Field("TradActvtyCtrctlSttlmDt", &S::trad_actvty_ctrctl_sttlm_dt),
                     Field("TradDt", &S::trad_dt),
                     Field("IntrBkSttlmDt", &S::intr_bk_sttlm_dt),
                     Field("StartDt", &S::start_dt),
                     Field("EndDt", &S::end_dt),
                     Field("TxDtTm", &S::tx_dt_tm),
                     Field("Prtry", &S::prtry)};
  }
  Unmodelled unmodelled;
  bool operator==(const TransactionDates3&) const = default;
};

// CashDeposit1.
struct CashDeposit1 {
  Amount note_dnmtn;
  std::string nb_of_notes;
  Amount amt;
  static constexpr auto Fields() {
    using S = CashDeposit1;
    return FieldList{Field("NoteDnmtn", &S::note_dnmtn),
                     Field("NbOfNotes", &S::nb_of_notes),
                     Field("Amt", &S::amt)};
  }
  Unmodelled unmodelled;
  bool operator==(const CashDeposit1&) const = default;
};

// EntryTransaction10.
struct EntryTransaction10 {
  std::optional<TransactionReferences6> refs;
  std::optional<Amount> amt;
  std::optional<std::string> cdt_dbt_ind;  // CRDT DBIT
  std::optional<AmountAndCurrencyExchange3> amt_dtls;
  std::vector<CashAvailability1> avlbty;
  std::optional<BankTransactionCodeStructure4> bk_tx_cd;
  std::optional<Charges6> chrgs;
  std::optional<TransactionInterest4> intrst;
  std::optional<TransactionParties6> rltd_pties;
  std::optional<TransactionAgents5> rltd_agts;
  std::optional<CodeOrProprietary> lcl_instrm;  // Cd: ExternalLocalInstrument1Code
  std::optional<CodeOrProprietary> purp;  // Cd: ExternalPurpose1Code
  std::vector<RemittanceLocation7> rltd_rmt_inf;  // 0..10
  std::optional<RemittanceInformation> rmt_inf;
  std::optional<TransactionDates3> rltd_dts;
  std::optional<ReasonInformation> rtr_inf;
  std::vector<CashDeposit1> csh_dpst;
  std::optional<std::string> addtl_tx_inf;
  static constexpr auto Fields() {
    using S = EntryTransaction10;
    return FieldList{Field("Refs", &S::refs),
                     Field("Amt", &S::amt),
                     Field("CdtDbtInd", &S::cdt_dbt_ind),
                     Field("AmtDtls", &S::amt_dtls),
                     Field("Avlbty", &S::avlbty),
                     Field("BkTxCd", &S::bk_tx_cd),
                     Field("Chrgs", &S::chrgs),
                     Field("Intrst", &S::intrst),
                     Field("RltdPties", &S::rltd_pties),
                     Field("RltdAgts", &S::rltd_agts),
                     Field("LclInstrm", &S::lcl_instrm),
                     Field("Purp", &S::purp),
                     Field("RltdRmtInf", &S::rltd_rmt_inf),
                     Field("RmtInf", &S::rmt_inf),
                     Field("RltdDts", &S::rltd_dts),
                     Field("RtrInf", &S::rtr_inf),
                     Field("CshDpst", &S::csh_dpst),
                     Field("AddtlTxInf", &S::addtl_tx_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const EntryTransaction10&) const = default;
};

// EntryDetails9.
struct EntryDetails9 {
  std::optional<BatchInformation2> btch;
  std::vector<EntryTransaction10> tx_dtls;
  static constexpr auto Fields() {
    using S = EntryDetails9;
    return FieldList{Field("Btch", &S::btch),
                     Field("TxDtls", &S::tx_dtls)};
  }
  Unmodelled unmodelled;
  bool operator==(const EntryDetails9&) const = default;
};

// ReportEntry10.
struct ReportEntry10 {
  std::optional<std::string> ntry_ref;
  Amount amt;
  std::string cdt_dbt_ind;  // CRDT DBIT
  std::optional<bool> rvsl_ind;
  CodeOrProprietary sts;  // Cd: ExternalEntryStatus1Code
  std::optional<DateAndDateTime2Choice> bookg_dt;
  std::optional<DateAndDateTime2Choice> val_dt;
  std::optional<std::string> acct_svcr_ref;
  std::vector<CashAvailability1> avlbty;
  BankTransactionCodeStructure4 bk_tx_cd;
  std::optional<bool> comssn_wvr_ind;
  std::optional<MessageIdentification2> addtl_inf_ind;
  std::optional<AmountAndCurrencyExchange3> amt_dtls;
  std::optional<Charges6> chrgs;
  std::optional<CodeOrProprietary> tech_inpt_chanl;  // Cd: ExternalTechnicalInputChannel1Code
  std::optional<TransactionInterest4> intrst;
  std::vector<EntryDetails9> ntry_dtls;
  std::optional<std::string> addtl_ntry_inf;
  static constexpr auto Fields() {
    using S = ReportEntry10;
    return FieldList{Field("NtryRef", &S::ntry_ref),
                     Field("Amt", &S::amt),
                     Field("CdtDbtInd", &S::cdt_dbt_ind),
                     Field("RvslInd", &S::rvsl_ind),
                     Field("Sts", &S::sts),
                     Field("BookgDt", &S::bookg_dt),
                     Field("ValDt", &S::val_dt),
                     Field("AcctSvcrRef", &S::acct_svcr_ref),
                     Field("Avlbty", &S::avlbty),
                     Field("BkTxCd", &S::bk_tx_cd),
                     Field("ComssnWvrInd", &S::comssn_wvr_ind),
                     Field("AddtlInfInd", &S::addtl_inf_ind),
                     Field("AmtDtls", &S::amt_dtls),
                     Field("Chrgs", &S::chrgs),
                     Field("TechInptChanl", &S::tech_inpt_chanl),
                     Field("Intrst", &S::intrst),
                     Field("NtryDtls", &S::ntry_dtls),
                     Field("AddtlNtryInf", &S::addtl_ntry_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const ReportEntry10&) const = default;
};

}  // namespace gw::codecs
