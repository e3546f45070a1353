// File: codecs/iso20022/pacs009_rules.cc
//
// Business rules of pacs.009 FinancialInstitutionCreditTransfer.
#include <vector>

#include "codecs/iso20022/component_rules.h"
#include "codecs/iso20022/ext_messages.h"
#include "codecs/iso20022/ext_rules.h"
#include "codecs/iso20022/registry.h"

namespace gw::codecs {
namespace {

void CheckUnderlying(const CreditTransferTransaction37& u, const std::string& p, Issues& out) {
  CheckOptionalPartyAt(u.ultmt_dbtr, PathOf(p, "UltmtDbtr"), out);
  CheckOptionalPartyAt(u.initg_pty, PathOf(p, "InitgPty"), out);
  CheckParty(u.dbtr, PathOf(p, "Dbtr"), out);
  CheckOptionalAccountAt(u.dbtr_acct, PathOf(p, "DbtrAcct"), out);
  CheckAgent(u.dbtr_agt, PathOf(p, "DbtrAgt"), out);
  CheckOptionalAccountAt(u.dbtr_agt_acct, PathOf(p, "DbtrAgtAcct"), out);
  CheckOptionalAgentAt(u.prvs_instg_agt1, PathOf(p, "PrvsInstgAgt1"), out);
  CheckOptionalAgentAt(u.prvs_instg_agt2, PathOf(p, "PrvsInstgAgt2"), out);
  CheckOptionalAgentAt(u.prvs_instg_agt3, PathOf(p, "PrvsInstgAgt3"), out);
  CheckOptionalAgentAt(u.intrmy_agt1, PathOf(p, "IntrmyAgt1"), out);
  CheckOptionalAccountAt(u.intrmy_agt1_acct, PathOf(p, "IntrmyAgt1Acct"), out);
  CheckOptionalAgentAt(u.intrmy_agt2, PathOf(p, "IntrmyAgt2"), out);
  CheckOptionalAccountAt(u.intrmy_agt2_acct, PathOf(p, "IntrmyAgt2Acct"), out);
  CheckOptionalAgentAt(u.intrmy_agt3, PathOf(p, "IntrmyAgt3"), out);
  CheckOptionalAccountAt(u.intrmy_agt3_acct, PathOf(p, "IntrmyAgt3Acct"), out);
  CheckAgent(u.cdtr_agt, PathOf(p, "CdtrAgt"), out);
  CheckOptionalAccountAt(u.cdtr_agt_acct, PathOf(p, "CdtrAgtAcct"), out);
  CheckParty(u.cdtr, PathOf(p, "Cdtr"), out);
  CheckOptionalAccountAt(u.cdtr_acct, PathOf(p, "CdtrAcct"), out);
  CheckOptionalPartyAt(u.ultmt_cdtr, PathOf(p, "UltmtCdtr"), out);
  CheckOptionalAmountAt(u.instd_amt, PathOf(p, "InstdAmt"), out);
}

void CheckTransaction(const CreditTransferTransaction36& tx, const std::string& p,
                      bool header_has_date, Issues& out) {
  CheckUetrAt(tx.pmt_id.uetr, PathOf(PathOf(p, "PmtId"), "UETR"), out);
  if (tx.pmt_tp_inf) CheckPaymentTypeInformation(*tx.pmt_tp_inf, PathOf(p, "PmtTpInf"), out);
  CheckAmountAt(tx.intr_bk_sttlm_amt, PathOf(p, "IntrBkSttlmAmt"), out);
  CheckDateAt(tx.intr_bk_sttlm_dt, PathOf(p, "IntrBkSttlmDt"), out);
  if (!header_has_date && !tx.intr_bk_sttlm_dt) {
    AddIssue(out, "GRP-004", "DT01", PathOf(p, "IntrBkSttlmDt"), "",
             "the interbank settlement date is missing in both the group header and the "
             "transaction");
  }
  if (tx.sttlm_tm_indctn) {
    std::string ip = PathOf(p, "SttlmTmIndctn");
    CheckDateTimeAt(tx.sttlm_tm_indctn->dbt_dt_tm, PathOf(ip, "DbtDtTm"), out);
    CheckDateTimeAt(tx.sttlm_tm_indctn->cdt_dt_tm, PathOf(ip, "CdtDtTm"), out);
  }
  CheckOptionalAgentAt(tx.prvs_instg_agt1, PathOf(p, "PrvsInstgAgt1"), out);
  CheckOptionalAccountAt(tx.prvs_instg_agt1_acct, PathOf(p, "PrvsInstgAgt1Acct"), out);
  CheckOptionalAgentAt(tx.prvs_instg_agt2, PathOf(p, "PrvsInstgAgt2"), out);
  CheckOptionalAccountAt(tx.prvs_instg_agt2_acct, PathOf(p, "PrvsInstgAgt2Acct"), out);
  CheckOptionalAgentAt(tx.prvs_instg_agt3, PathOf(p, "PrvsInstgAgt3"), out);
  CheckOptionalAccountAt(tx.prvs_instg_agt3_acct, PathOf(p, "PrvsInstgAgt3Acct"), out);
  CheckOptionalAgentAt(tx.instg_agt, PathOf(p, "InstgAgt"), out);
  CheckOptionalAgentAt(tx.instd_agt, PathOf(p, "InstdAgt"), out);
  CheckOptionalAgentAt(tx.intrmy_agt1, PathOf(p, "IntrmyAgt1"), out);
  CheckOptionalAccountAt(tx.intrmy_agt1_acct, PathOf(p, "IntrmyAgt1Acct"), out);
  CheckOptionalAgentAt(tx.intrmy_agt2, PathOf(p, "IntrmyAgt2"), out);
  CheckOptionalAccountAt(tx.intrmy_agt2_acct, PathOf(p, "IntrmyAgt2Acct"), out);
  CheckOptionalAgentAt(tx.intrmy_agt3, PathOf(p, "IntrmyAgt3"), out);
  CheckOptionalAccountAt(tx.intrmy_agt3_acct, PathOf(p, "IntrmyAgt3Acct"), out);
  CheckOptionalAgentAt(tx.ultmt_dbtr, PathOf(p, "UltmtDbtr"), out);
  CheckAgent(tx.dbtr, PathOf(p, "Dbtr"), out);
  CheckOptionalAccountAt(tx.dbtr_acct, PathOf(p, "DbtrAcct"), out);
  CheckOptionalAgentAt(tx.dbtr_agt, PathOf(p, "DbtrAgt"), out);
  CheckOptionalAccountAt(tx.dbtr_agt_acct, PathOf(p, "DbtrAgtAcct"), out);
  CheckOptionalAgentAt(tx.cdtr_agt, PathOf(p, "CdtrAgt"), out);
  CheckOptionalAccountAt(tx.cdtr_agt_acct, PathOf(p, "CdtrAgtAcct"), out);
  CheckAgent(tx.cdtr, PathOf(p, "Cdtr"), out);
  CheckOptionalAccountAt(tx.cdtr_acct, PathOf(p, "CdtrAcct"), out);
  CheckOptionalAgentAt(tx.ultmt_cdtr, PathOf(p, "UltmtCdtr"), out);
  if (tx.undrlyg_cstmr_cdt_trf) {
    CheckUnderlying(*tx.undrlyg_cstmr_cdt_trf, PathOf(p, "UndrlygCstmrCdtTrf"), out);
  }
}

}  // namespace

void ValidatePacs009(const Pacs009& doc, const MessageType& /*type*/, Issues& out) {
  const std::string root = "/Document/FICdtTrf";
  const std::string gp = PathOf(root, "GrpHdr");
  const auto& grp = doc.grp_hdr;
  Report(out, PathOf(gp, "CreDtTm"), grp.cre_dt_tm, CheckIsoDateTime(grp.cre_dt_tm));
  CheckDateAt(grp.intr_bk_sttlm_dt, PathOf(gp, "IntrBkSttlmDt"), out);
  CheckSettlementInstruction(grp.sttlm_inf, PathOf(gp, "SttlmInf"), out);
  if (grp.pmt_tp_inf) CheckPaymentTypeInformation(*grp.pmt_tp_inf, PathOf(gp, "PmtTpInf"), out);
  CheckOptionalAgentAt(grp.instg_agt, PathOf(gp, "InstgAgt"), out);
  CheckOptionalAgentAt(grp.instd_agt, PathOf(gp, "InstdAgt"), out);

  std::vector<Decimal> amounts;
  for (size_t i = 0; i < doc.cdt_trf_tx_inf.size(); ++i) {
    const auto& tx = doc.cdt_trf_tx_inf[i];
    CheckTransaction(tx, PathAt(root, "CdtTrfTxInf", i), grp.intr_bk_sttlm_dt.has_value(), out);
    amounts.push_back(tx.intr_bk_sttlm_amt.value);
  }
  CheckNumberOfTransactions(grp.nb_of_txs, doc.cdt_trf_tx_inf.size(), PathOf(gp, "NbOfTxs"), out);
  if (grp.ctrl_sum) CheckControlSum(*grp.ctrl_sum, amounts, PathOf(gp, "CtrlSum"), out);
  if (grp.ttl_intr_bk_sttlm_amt) {
    const Amount& total = *grp.ttl_intr_bk_sttlm_amt;
    std::string tp = PathOf(gp, "TtlIntrBkSttlmAmt");
    CheckAmountAt(total, tp, out);
    bool mixed = false;
    for (const auto& tx : doc.cdt_trf_tx_inf) mixed |= tx.intr_bk_sttlm_amt.ccy != total.ccy;
    auto sum = Sum(amounts);
    if (mixed) {
      AddIssue(out, "GRP-003", "AM10", tp, total.ccy,
               "TtlIntrBkSttlmAmt is in " + total.ccy +
                   " but not every transaction settles in that currency");
    } else if (sum && !total.value.NumericallyEquals(*sum)) {
      AddIssue(out, "GRP-003", "AM10", tp, total.value.ToString(),
               "TtlIntrBkSttlmAmt " + total.value.ToString() +
                   " differs from the sum of the interbank settlement amounts, " +
                   sum->ToString());
    }
  }
}

}  // namespace gw::codecs
