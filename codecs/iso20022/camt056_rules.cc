// File: codecs/iso20022/camt056_rules.cc
//
// Business rules of camt.056 FIToFIPaymentCancellationRequest. Besides the shared checks:
//   CXL-001  an Undrlyg block names neither an original group nor a transaction  FF01
//   CXL-002  GrpCxl is true (whole group cancelled) but transactions are listed  FF01
//   RSN-001  a transaction to cancel has no cancellation reason, neither itself nor
//            in its original group block                                     FF01
#include <vector>

#include "codecs/iso20022/component_rules.h"
#include "codecs/iso20022/ext_messages.h"
#include "codecs/iso20022/ext_rules.h"
#include "codecs/iso20022/registry.h"

namespace gw::codecs {
namespace {

void CheckTransaction(const PaymentTransaction106& tx, const std::string& p,
                      bool group_has_reason, Issues& out) {
  if (tx.case_info) CheckCase(*tx.case_info, PathOf(p, "Case"), out);
  if (tx.orgnl_grp_inf) CheckOriginalGroupInformation(*tx.orgnl_grp_inf, PathOf(p, "OrgnlGrpInf"), out);
  CheckOriginalReference({&tx.orgnl_end_to_end_id, &tx.orgnl_tx_id, &tx.orgnl_uetr,
                          &tx.orgnl_instr_id},
                         p, out);
  CheckUetrAt(tx.orgnl_uetr, PathOf(p, "OrgnlUETR"), out);
  CheckOptionalAmountAt(tx.orgnl_intr_bk_sttlm_amt, PathOf(p, "OrgnlIntrBkSttlmAmt"), out);
  CheckDateAt(tx.orgnl_intr_bk_sttlm_dt, PathOf(p, "OrgnlIntrBkSttlmDt"), out);
  CheckOptionalAgentAt(tx.assgnr, PathOf(p, "Assgnr"), out);
  CheckOptionalAgentAt(tx.assgne, PathOf(p, "Assgne"), out);
  for (size_t k = 0; k < tx.cxl_rsn_inf.size(); ++k) {
    CheckReason(tx.cxl_rsn_inf[k], kCancellationReasonCodes, PathAt(p, "CxlRsnInf", k), out);
  }
  if (!group_has_reason && !HasReason(tx.cxl_rsn_inf)) {
    AddIssue(out, "RSN-001", "FF01", PathOf(p, "CxlRsnInf"), "",
             "the cancellation request gives no reason: add CxlRsnInf/Rsn with an "
             "ExternalCancellationReason1Code");
  }
  if (tx.orgnl_tx_ref) CheckOriginalTransactionReference(*tx.orgnl_tx_ref, PathOf(p, "OrgnlTxRef"), out);
}

}  // namespace

void ValidateCamt056(const Camt056& doc, const MessageType& /*type*/, Issues& out) {
  const std::string root = "/Document/FIToFIPmtCxlReq";
  CheckCaseAssignment(doc.assgnmt, PathOf(root, "Assgnmt"), out);
  if (doc.case_info) CheckCase(*doc.case_info, PathOf(root, "Case"), out);

  size_t tx_count = 0;
  bool all_amounts = true;
  std::vector<Decimal> amounts;
  for (size_t u = 0; u < doc.undrlyg.size(); ++u) {
    const auto& under = doc.undrlyg[u];
    std::string up = PathAt(root, "Undrlyg", u);
    bool group_has_reason = false;
    if (under.orgnl_grp_inf_and_cxl) {
      const auto& g = *under.orgnl_grp_inf_and_cxl;
      std::string gp = PathOf(up, "OrgnlGrpInfAndCxl");
      if (g.case_info) CheckCase(*g.case_info, PathOf(gp, "Case"), out);
      CheckDateTimeAt(g.orgnl_cre_dt_tm, PathOf(gp, "OrgnlCreDtTm"), out);
      for (size_t k = 0; k < g.cxl_rsn_inf.size(); ++k) {
        CheckReason(g.cxl_rsn_inf[k], kCancellationReasonCodes, PathAt(gp, "CxlRsnInf", k), out);
      }
      group_has_reason = HasReason(g.cxl_rsn_inf);
      if (g.grp_cxl.value_or(false) && !under.tx_inf.empty()) {
        AddIssue(out, "CXL-002", "FF01", PathOf(gp, "GrpCxl"), "true",
                 "GrpCxl true cancels the whole original group: do not list transactions "
                 "(TxInf) in the same Undrlyg");
      }
    } else if (under.tx_inf.empty()) {
      AddIssue(out, "CXL-001", "FF01", up, "",
               "name what to cancel: the original group (OrgnlGrpInfAndCxl) or transactions "
               "(TxInf)");
    }
    for (size_t i = 0; i < under.tx_inf.size(); ++i) {
      const auto& tx = under.tx_inf[i];
      CheckTransaction(tx, PathAt(up, "TxInf", i), group_has_reason, out);
      ++tx_count;
      if (tx.orgnl_intr_bk_sttlm_amt) {
        amounts.push_back(tx.orgnl_intr_bk_sttlm_amt->value);
      } else {
        all_amounts = false;
      }
    }
  }
  if (doc.ctrl_data && tx_count > 0) {
    std::string cp = PathOf(root, "CtrlData");
    CheckNumberOfTransactions(doc.ctrl_data->nb_of_txs, tx_count, PathOf(cp, "NbOfTxs"), out);
    if (doc.ctrl_data->ctrl_sum && all_amounts) {
      CheckControlSum(*doc.ctrl_data->ctrl_sum, amounts, PathOf(cp, "CtrlSum"), out);
    }
  }
}

}  // namespace gw::codecs
