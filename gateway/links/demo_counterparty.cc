// File: gateway/links/demo_counterparty.cc
#include "gateway/links/demo_counterparty.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "codecs/iso20022/builders.h"
#include "codecs/iso20022/codec.h"
#include "codecs/iso20022/schema_set.h"
#include "core/clock.h"

namespace gw::links {
namespace {

std::string NowIso() {
  // ISODateTime in UTC without fraction, e.g. 2026-11-29T06:34:01Z.
  std::string t = FormatIso8601Utc(std::chrono::system_clock::now());
  const auto dot = t.find('.');
  return dot == std::string::npos ? t : t.substr(0, dot) + "Z";
}

std::string SenderBic(const codecs::Message& m) {
  if (m.app_hdr && m.app_hdr->fr.fi_id && m.app_hdr->fr.fi_id->fin_instn_id.bicfi) {
    return *m.app_hdr->fr.fi_id->fin_instn_id.bicfi;
  }
  return "NOTPROVIDED";
}

}  // namespace

StatusOr<std::unique_ptr<DemoCounterparty>> DemoCounterparty::Start(
    boost::asio::io_context& io, DemoCounterpartyConfig config, prometheus::Registry& registry) {
  if (config.ack_status != "ACCP" && config.ack_status != "ACSP" && config.ack_status != "ACSC") {
    return InvalidArgument("ack_status must be ACCP, ACSP or ACSC");
  }
  if (config.max_amount && !codecs::Decimal::Parse(*config.max_amount)) {
    return InvalidArgument("max_amount is not a decimal: " + *config.max_amount);
  }
  if (config.listener.name == "inbound") config.listener.name = "demo-counterparty";
  GW_ASSIGN_OR_RETURN(auto schemas, codecs::SchemaSet::Load(config.schema_dir));
  std::unique_ptr<DemoCounterparty> demo(new DemoCounterparty(std::move(config), std::move(schemas)));
  LinkMetrics metrics(registry);
  GW_ASSIGN_OR_RETURN(demo->credentials_,
                      TlsCredentials::Load(demo->config_.listener.name, TlsRole::kServer,
                                           demo->config_.tls, &metrics));
  GW_ASSIGN_OR_RETURN(demo->listener_,
                      InboundListener::Start(io, demo->config_.listener, demo->credentials_,
                                             AllowList(demo->config_.allowed), *demo, registry));
  spdlog::info("links: demo counterparty {} listening on port {}", demo->config_.own_bic,
               demo->listener_->port());
  return demo;
}

DemoCounterparty::DemoCounterparty(DemoCounterpartyConfig config,
                                   std::shared_ptr<const codecs::SchemaSet> schemas)
    : config_(std::move(config)), schemas_(std::move(schemas)), answers_(config_.dedupe_capacity) {}

DemoCounterparty::~DemoCounterparty() { Stop(); }

std::uint16_t DemoCounterparty::port() const { return listener_ ? listener_->port() : 0; }

void DemoCounterparty::Stop() {
  if (listener_) listener_->Stop();
}

Status DemoCounterparty::Reload(std::vector<AllowedPeer> allowed, std::optional<TlsFiles> tls) {
  GW_RETURN_IF_ERROR(tls ? credentials_->Reload(*tls) : credentials_->Reload());
  listener_->SetAllowList(AllowList(std::move(allowed)));
  return Status::Ok();
}

InboundAnswer DemoCounterparty::Decide(const InboundMessage& in) const {
  codecs::Routing routing;
  routing.from_bic = config_.own_bic;
  routing.creation_time = NowIso();
  routing.msg_id = "ANS-" + in.message_id.substr(0, 31);

  codecs::DecodeResult decoded = codecs::Decode(in.body, *schemas_);
  InboundAnswer answer;
  if (!decoded.message) {
    // Nothing usable: a group-level rejection built from the envelope ids.
    codecs::StatusReport report;
    routing.to_bic = "NOTPROVIDED";
    report.routing = routing;
    report.original_msg_id = in.message_id;
    report.group_status = "RJCT";
    report.group_reason_code = decoded.issues.empty() ? "FF01" : decoded.issues.front().reason_code;
    codecs::TransactionStatus tx;
    if (!in.uetr.empty()) tx.original_uetr = in.uetr;
    tx.status = "RJCT";
    tx.reason_code = report.group_reason_code;
    if (!decoded.issues.empty()) tx.additional_info.push_back(decoded.issues.front().message);
    report.transactions.push_back(std::move(tx));
    answer.status = "RJCT";
    answer.reason = *report.group_reason_code;
    answer.body = codecs::Encode(codecs::BuildPacs002(report));
    return answer;
  }
  codecs::Issues issues = decoded.issues;
  if (const auto* p = std::get_if<codecs::Pacs008>(&decoded.message->document)) {
    const auto max = config_.max_amount ? codecs::Decimal::Parse(*config_.max_amount) : std::nullopt;
    for (std::size_t i = 0; i < p->cdt_trf_tx_inf.size(); ++i) {
      const auto& tx = p->cdt_trf_tx_inf[i];
      const std::string path = "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[" + std::to_string(i + 1) + "]";
      if (tx.cdtr_acct && tx.cdtr_acct->id && tx.cdtr_acct->id->iban &&
          config_.rejected_creditor_ibans.count(*tx.cdtr_acct->id->iban) != 0) {
        codecs::AddIssue(issues, "DEMO-AC01", "AC01", path + "/CdtrAcct/Id/IBAN", *tx.cdtr_acct->id->iban,
                         "creditor account is closed or blocked at the receiving bank");
      }
      if (max && codecs::Decimal::Compare(tx.intr_bk_sttlm_amt.value, *max) == std::strong_ordering::greater) {
        codecs::AddIssue(issues, "DEMO-AM02", "AM02", path + "/IntrBkSttlmAmt",
                         tx.intr_bk_sttlm_amt.value.ToString(),
                         "amount exceeds the agreed maximum of " + *config_.max_amount);
      }
    }
  } else {
    codecs::AddIssue(issues, "DEMO-FF01", "FF01", "/Document", decoded.message->msg_def_id,
                     "only pacs.008 is accepted on this link");
  }
  routing.to_bic = SenderBic(*decoded.message);
  codecs::Message reply = codecs::BuildAnswerTo(*decoded.message, issues, config_.ack_status, routing);
  answer.status = issues.empty() ? config_.ack_status : "RJCT";
  answer.reason = issues.empty() ? "" : issues.front().reason_code;
  answer.body = codecs::Encode(reply);
  return answer;
}

void DemoCounterparty::OnMessage(InboundMessage message, Reply reply) {
  if (auto cached = answers_.Find(message.counterparty, message.message_id)) {
    duplicates_.fetch_add(1);
    reply(std::move(*cached));
    return;
  }
  InboundAnswer answer = Decide(message);
  if (config_.on_decided) config_.on_decided(message, answer);
  (answer.status == "RJCT" ? rejected_ : accepted_).fetch_add(1);
  if (answer.status == "RJCT") {
    spdlog::info("links: demo counterparty rejects {} from {}: {}", message.message_id,
                 message.counterparty, answer.reason);
  }
  reply(answers_.Put(message.counterparty, message.message_id, std::move(answer)));
}

}  // namespace gw::links
