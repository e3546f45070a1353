// File: codecs/iso20022/pacs004_rules.cc
//
// Business rules of pacs.004 PaymentReturn. Besides the shared checks:
//   RSN-001  a returned transaction carries no return reason, neither itself nor in
//            the original group information                                FF01
//   RTR-001  the returned amount exceeds the original interbank settlement amount
//            (same currency) plus the compensation                          AM09
#include <vector>

#include "codecs/iso20022/component_rules.h"
#include "codecs/iso20022/ext_messages.h"
#include "codecs/iso20022/ext_rules.h"
#include "codecs/iso20022/registry.h"

namespace gw::codecs {
namespace {

void CheckReturnChain(const TransactionParties7& c, const std::string& p, Issues& out) {
  CheckOptionalParty40At(c.ultmt_dbtr, PathOf(p, "UltmtDbtr"), out);
  CheckParty40(c.dbtr, PathOf(p, "Dbtr"), out);
  CheckOptionalParty40At(c.initg_pty, PathOf(p, "InitgPty"), out);
  CheckOptionalAgentAt(c.dbtr_agt, PathOf(p, "DbtrAgt"), out);
  CheckOptionalAccountAt(c.dbtr_agt_acct, PathOf(p, "DbtrAgtAcct"), out);
  CheckOptionalAgentAt(c.prvs_instg_agt1, PathOf(p, "PrvsInstgAgt1"), out);
  CheckOptionalAccountAt(c.prvs_instg_agt1_acct, PathOf(p, "PrvsInstgAgt1Acct"), out);
  CheckOptionalAgentAt(c.prvs_instg_agt2, PathOf(p, "PrvsInstgAgt2"), out);
  CheckOptionalAccountAt(c.prvs_instg_agt2_acct, PathOf(p, "PrvsInstgAgt2Acct"), out);
  CheckOptionalAgentAt(c.prvs_instg_agt3, PathOf(p, "PrvsInstgAgt3"), out);
  CheckOptionalAccountAt(c.prvs_instg_agt3_acct, PathOf(p, "PrvsInstgAgt3Acct"), out);
  CheckOptionalAgentAt(c.intrmy_agt1, PathOf(p, "IntrmyAgt1"), out);
  CheckOptionalAccountAt(c.intrmy_agt1_acct, PathOf(p, "IntrmyAgt1Acct"), out);
  CheckOptionalAgentAt(c.intrmy_agt2, PathOf(p, "IntrmyAgt2"), out);
  CheckOptionalAccountAt(c.intrmy_agt2_acct, PathOf(p, "IntrmyAgt2Acct"), out);
  CheckOptionalAgentAt(c.intrmy_agt3, PathOf(p, "IntrmyAgt3"), out);
  CheckOptionalAccountAt(c.intrmy_agt3_acct, PathOf(p, "IntrmyAgt3Acct"), out);
  CheckOptionalAgentAt(c.cdtr_agt, PathOf(p, "CdtrAgt"), out);
  CheckOptionalAccountAt(c.cdtr_agt_acct, PathOf(p, "CdtrAgtAcct"), out);
  CheckParty40(c.cdtr, PathOf(p, "Cdtr"), out);
  CheckOptionalParty40At(c.ultmt_cdtr, PathOf(p, "UltmtCdtr"), out);
}

void CheckReturnedAmount(const PaymentTransaction112& tx, const std::string& p, Issues& out) {
  if (!tx.orgnl_intr_bk_sttlm_amt) return;
  const Amount& original = *tx.orgnl_intr_bk_sttlm_amt;
  const Amount& returned = tx.rtrd_intr_bk_sttlm_amt;
  if (original.ccy != returned.ccy) return;  // a return in another currency converts
  Decimal limit = original.value;
  if (tx.compstn_amt && tx.compstn_amt->ccy == returned.ccy) {
    auto with_compensation = Decimal::Add(limit, tx.compstn_amt->value);
    if (!with_compensation) return;
    limit = *with_compensation;
  }
  if (Decimal::Compare(returned.value, limit) == std::strong_ordering::greater) {
    AddIssue(out, "RTR-001", "AM09", PathOf(p, "RtrdIntrBkSttlmAmt"), returned.value.ToString(),
             "the returned amount " + returned.value.ToString() + " " + returned.ccy +
                 " exceeds the original interbank settlement amount " +
                 original.value.ToString() + " plus compensation");
  }
}

void CheckTransaction(const PaymentTransaction112& tx, const std::string& p, bool header_has_date,
                      bool group_has_reason, Issues& out) {
  if (tx.orgnl_grp_inf) CheckOriginalGroupInformation(*tx.orgnl_grp_inf, PathOf(p, "OrgnlGrpInf"), out);
  CheckOriginalReference({&tx.orgnl_end_to_end_id, &tx.orgnl_tx_id, &tx.orgnl_uetr,
                          &tx.orgnl_instr_id},
                         p, out);
  CheckUetrAt(tx.orgnl_uetr, PathOf(p, "OrgnlUETR"), out);
  CheckOptionalAmountAt(tx.orgnl_intr_bk_sttlm_amt, PathOf(p, "OrgnlIntrBkSttlmAmt"), out);
  CheckDateAt(tx.orgnl_intr_bk_sttlm_dt, PathOf(p, "OrgnlIntrBkSttlmDt"), out);
  CheckAmountAt(tx.rtrd_intr_bk_sttlm_amt, PathOf(p, "RtrdIntrBkSttlmAmt"), out);
  CheckDateAt(tx.intr_bk_sttlm_dt, PathOf(p, "IntrBkSttlmDt"), out);
  if (!header_has_date && !tx.intr_bk_sttlm_dt) {
    AddIssue(out, "GRP-004", "DT01", PathOf(p, "IntrBkSttlmDt"), "",
             "the interbank settlement date of the return is missing in both the group header "
             "and the transaction");
  }
  CheckOptionalAmountAt(tx.rtrd_instd_amt, PathOf(p, "RtrdInstdAmt"), out);
  CheckOptionalNonNegativeAmountAt(tx.compstn_amt, PathOf(p, "CompstnAmt"), out);
  CheckCodeAt(tx.chrg_br, kChargeBearerCodes, PathOf(p, "ChrgBr"), out);
  CheckCharges7(tx.chrgs_inf, p, "ChrgsInf", out);
  CheckOptionalAgentAt(tx.instg_agt, PathOf(p, "InstgAgt"), out);
  CheckOptionalAgentAt(tx.instd_agt, PathOf(p, "InstdAgt"), out);
  if (tx.rtr_chain) CheckReturnChain(*tx.rtr_chain, PathOf(p, "RtrChain"), out);
  for (size_t k = 0; k < tx.rtr_rsn_inf.size(); ++k) {
    CheckReason(tx.rtr_rsn_inf[k], kReturnReasonCodes, PathAt(p, "RtrRsnInf", k), out);
  }
  if (!group_has_reason && !HasReason(tx.rtr_rsn_inf)) {
    AddIssue(out, "RSN-001", "FF01", PathOf(p, "RtrRsnInf"), "",
             "the return gives no reason: add RtrRsnInf/Rsn with an ExternalReturnReason1Code");
  }
  if (tx.orgnl_tx_ref) CheckOriginalTransactionReference(*tx.orgnl_tx_ref, PathOf(p, "OrgnlTxRef"), out);
  CheckReturnedAmount(tx, p, out);
}

}  // namespace

void ValidatePacs004(const Pacs004& doc, const MessageType& /*type*/, Issues& out) {
  const std::string root = "/Document/PmtRtr";
  const std::string gp = PathOf(root, "GrpHdr");
  const auto& grp = doc.grp_hdr;
  Report(out, PathOf(gp, "CreDtTm"), grp.cre_dt_tm, CheckIsoDateTime(grp.cre_dt_tm));
  CheckDateAt(grp.intr_bk_sttlm_dt, PathOf(gp, "IntrBkSttlmDt"), out);
  CheckSettlementInstruction(grp.sttlm_inf, PathOf(gp, "SttlmInf"), out);
  CheckOptionalAgentAt(grp.instg_agt, PathOf(gp, "InstgAgt"), out);
  CheckOptionalAgentAt(grp.instd_agt, PathOf(gp, "InstdAgt"), out);

  bool group_has_reason = false;
  if (doc.orgnl_grp_inf) {
    std::string op = PathOf(root, "OrgnlGrpInf");
    CheckDateTimeAt(doc.orgnl_grp_inf->orgnl_cre_dt_tm, PathOf(op, "OrgnlCreDtTm"), out);
    for (size_t k = 0; k < doc.orgnl_grp_inf->rtr_rsn_inf.size(); ++k) {
      CheckReason(doc.orgnl_grp_inf->rtr_rsn_inf[k], kReturnReasonCodes,
                  PathAt(op, "RtrRsnInf", k), out);
    }
    group_has_reason = HasReason(doc.orgnl_grp_inf->rtr_rsn_inf);
  }

  std::vector<Decimal> amounts;
  for (size_t i = 0; i < doc.tx_inf.size(); ++i) {
    const auto& tx = doc.tx_inf[i];
    CheckTransaction(tx, PathAt(root, "TxInf", i), grp.intr_bk_sttlm_dt.has_value(),
                     group_has_reason, out);
    amounts.push_back(tx.rtrd_intr_bk_sttlm_amt.value);
  }
  // A group return (GrpRtr true) may return the whole original group without listing
  // its transactions; otherwise NbOfTxs counts the TxInf.
  bool group_return = grp.grp_rtr.value_or(false) && doc.tx_inf.empty();
  if (!group_return) {
    CheckNumberOfTransactions(grp.nb_of_txs, doc.tx_inf.size(), PathOf(gp, "NbOfTxs"), out);
    if (grp.ctrl_sum) CheckControlSum(*grp.ctrl_sum, amounts, PathOf(gp, "CtrlSum"), out);
  }
  if (grp.ttl_rtrd_intr_bk_sttlm_amt) {
    const Amount& total = *grp.ttl_rtrd_intr_bk_sttlm_amt;
    std::string tp = PathOf(gp, "TtlRtrdIntrBkSttlmAmt");
    CheckAmountAt(total, tp, out);
    if (!group_return) {
      bool mixed = false;
      for (const auto& tx : doc.tx_inf) mixed |= tx.rtrd_intr_bk_sttlm_amt.ccy != total.ccy;
      auto sum = Sum(amounts);
      if (mixed) {
        AddIssue(out, "GRP-003", "AM10", tp, total.ccy,
                 "TtlRtrdIntrBkSttlmAmt is in " + total.ccy +
                     " but not every returned amount is in that currency");
      } else if (sum && !total.value.NumericallyEquals(*sum)) {
        AddIssue(out, "GRP-003", "AM10", tp, total.value.ToString(),
                 "TtlRtrdIntrBkSttlmAmt " + total.value.ToString() +
                     " differs from the sum of the returned amounts, " + sum->ToString());
      }
    }
  }
}

}  // namespace gw::codecs
