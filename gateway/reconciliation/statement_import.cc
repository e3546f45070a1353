// File: gateway/reconciliation/statement_import.cc
//
// camt.053 / camt.054 import: Xerces-C SAX2 validating against the message's
// XSD while it reads (so a file of any size is read in bounded memory), DTDs
// and entities refused, schemaLocation ignored. Entries are written in batches
// as they are read; the statement row is written when its element ends (the
// entries' foreign key is deferred to the commit). One transaction per file.
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <pqxx/pqxx>
#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/framework/LocalFileInputSource.hpp>
#include <xercesc/sax/InputSource.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/BinInputStream.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/util/XMLUni.hpp>

#include "codecs/currency.h"
#include "codecs/decimal.h"
#include "core/pg/audit.h"
#include "gateway/reconciliation/reconciliation.h"

namespace gw::reconciliation {
namespace {

namespace xc = XERCES_CPP_NAMESPACE;

constexpr const char* kNs053 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";
constexpr const char* kNs054 = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08";
constexpr std::size_t kMaxText = 4096;

void EnsureXerces() {
  static std::once_flag once;
  std::call_once(once, [] { xc::XMLPlatformUtils::Initialize(); });
}

std::string Utf8(const XMLCh* s, XMLSize_t len) {
  if (s == nullptr || len == 0) return {};
  xc::TranscodeToStr t(s, len, "UTF-8");
  return std::string(reinterpret_cast<const char*>(t.str()), t.length());
}
std::string Utf8(const XMLCh* s) { return s == nullptr ? std::string() : Utf8(s, xc::XMLString::stringLen(s)); }

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// Raised in callbacks to stop the parse; caught around parse().
struct Refusal {
  StatusCode code;
  std::string message;
};

class StreamBin : public xc::BinInputStream {
 public:
  explicit StreamBin(std::istream& in) : in_(in) {}
  XMLFilePos curPos() const override { return pos_; }
  XMLSize_t readBytes(XMLByte* const to, const XMLSize_t max) override {
    in_.read(reinterpret_cast<char*>(to), static_cast<std::streamsize>(max));
    const auto n = static_cast<XMLSize_t>(in_.gcount());
    pos_ += n;
    return n;
  }
  const XMLCh* getContentType() const override { return nullptr; }

 private:
  std::istream& in_;
  XMLFilePos pos_ = 0;
};

class StreamSource : public xc::InputSource {
 public:
  explicit StreamSource(std::istream& in) : in_(in) {}
  xc::BinInputStream* makeStream() const override { return new StreamBin(in_); }

 private:
  std::istream& in_;
};

// Collects schema errors while the grammars load.
class LoadErrors : public xc::DefaultHandler {
 public:
  void error(const xc::SAXParseException& e) override { text += Utf8(e.getMessage()) + "; "; }
  void fatalError(const xc::SAXParseException& e) override { text += Utf8(e.getMessage()) + "; "; }
  std::string text;
};

struct Entry {
  int seq = 0;
  int64_t amount_minor = 0;
  std::string currency, credit_debit, status, booking_date, value_date, entry_ref, acct_svcr_ref, uetr, e2e, msg_id,
      instr_id, tx_id, info;
  bool reversal = false;
  bool in_tx = false;      // inside the first TxDtls
  int tx_count = 0;
};

struct Statement {
  std::string ref, created, to_date_time, account_ref, account_ccy, bal_type, bal_amount, bal_ccy, bal_cd, bal_date;
  int page = 1;
  bool last_page = true;
  std::string closing_date;
  std::optional<int64_t> opening, closing, previous_closing;
  // Resolved at the first entry or the end: our account and the business date.
  bool resolved = false;
  int64_t id = 0;
  std::string settlement_account, link, currency, business_date;
  int entries = 0;
  std::string path;  // e.g. /Document/BkToCstmrStmt/Stmt[1]
  int line = 0;
};

class Handler : public xc::DefaultHandler {
 public:
  Handler(pqxx::work& txn, std::string label, const ImportOptions& options)
      : txn_(txn), label_(std::move(label)), options_(options) {}

  void setDocumentLocator(const xc::Locator* const l) override { locator_ = l; }
  void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    Fail(StatusCode::kInvalidArgument, "a DOCTYPE declaration is not allowed");
  }
  void startEntity(const XMLCh* const name) override {
    Fail(StatusCode::kInvalidArgument, "entity reference '" + Utf8(name) + "' is not allowed");
  }
  void warning(const xc::SAXParseException&) override {}
  void error(const xc::SAXParseException& e) override { FromXerces(e); }
  void fatalError(const xc::SAXParseException& e) override { FromXerces(e); }

  void startElement(const XMLCh* const uri, const XMLCh* const localname, const XMLCh* const,
                    const xc::Attributes& attrs) override {
    const std::string name = Utf8(localname);
    const std::size_t depth = stack_.size();
    std::string segment = name;
    if (depth == 0) {
      const std::string ns = Utf8(uri);
      if (name != "Document" || (ns != kNs053 && ns != kNs054))
        Fail(StatusCode::kInvalidArgument, "the root element is '" + name + "' in namespace '" + ns +
                                               "': not a camt.053.001.08 or camt.054.001.08 Document");
      message_type_ = ns == kNs053 ? "camt.053.001.08" : "camt.054.001.08";
    }
    if (depth == 2 && (name == "Stmt" || name == "Ntfctn")) {
      stmt_ = Statement();
      ++stmt_index_;
      segment = name + "[" + std::to_string(stmt_index_) + "]";
      stmt_.path = Path() + "/" + segment;
      stmt_.line = Line();
      in_stmt_ = true;
    } else if (in_stmt_ && depth == 3 && name == "Ntry") {
      ResolveStatement();
      entry_ = Entry();
      entry_.seq = ++stmt_.entries;
      segment = "Ntry[" + std::to_string(entry_.seq) + "]";
      in_entry_ = true;
    } else if (in_stmt_ && depth == 3 && name == "Bal") {
      stmt_.bal_type.clear();
      stmt_.bal_amount.clear();
      stmt_.bal_cd.clear();
      stmt_.bal_date.clear();
    }
    if (in_entry_ && name == "TxDtls") {
      ++entry_.tx_count;
      entry_.in_tx = entry_.tx_count == 1;
    }
    if (name == "Amt" || name == "TtlAmt") {
      XMLCh ccy_name[] = {'C', 'c', 'y', 0};
      ccy_ = Utf8(attrs.getValue(ccy_name));
    }
    stack_.push_back(name);
    segments_.push_back(segment);
    text_.clear();
  }

  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    if (text_.size() > kMaxText) Fail(StatusCode::kInvalidArgument, "element text longer than 4096 bytes");
    text_ += Utf8(chars, length);
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    const std::string text = Trim(text_);
    text_.clear();
    const std::size_t depth = stack_.size();  // of the element ending
    const std::string& name = stack_.back();
    const std::string parent = depth >= 2 ? stack_[depth - 2] : "";
    if (depth == 4 && parent == "GrpHdr") {
      if (name == "MsgId") msg_id_ = text;
      if (name == "CreDtTm") group_created_ = text;
    } else if (in_stmt_ && !in_entry_) {
      StatementField(depth, name, parent, text);
    } else if (in_entry_) {
      EntryField(depth, name, parent, text);
    }
    if (in_entry_ && depth == 4 && name == "Ntry") {
      in_entry_ = false;
      AddEntry();
    } else if (in_stmt_ && depth == 3 && (name == "Stmt" || name == "Ntfctn")) {
      ResolveStatement();
      FinishStatement();
      in_stmt_ = false;
    }
    stack_.pop_back();
    segments_.pop_back();
  }

  void endDocument() override {
    last_line_ = Line();
    if (stmt_index_ == 0) Fail(StatusCode::kInvalidArgument, "the document holds no statement");
  }

  ImportSummary& summary() { return summary_; }
  int Line() const { return locator_ ? static_cast<int>(locator_->getLineNumber()) : last_line_; }
  // The locator is valid only while the parse runs.
  void Ended() { locator_ = nullptr; }
  std::string Path() const {
    std::string p;
    for (const auto& s : segments_) p += "/" + s;
    return p;
  }

  [[noreturn]] void Fail(StatusCode code, const std::string& problem) const {
    const std::string where = segments_.empty() ? std::string("line ") + std::to_string(Line())
                                                : Path() + " (line " + std::to_string(Line()) + ")";
    throw Refusal{code, label_ + ": " + where + ": " + problem};
  }

 private:
  void FromXerces(const xc::SAXParseException& e) {
    last_line_ = static_cast<int>(e.getLineNumber());
    const std::string where = segments_.empty() ? "line " + std::to_string(e.getLineNumber())
                                                : Path() + " (line " + std::to_string(e.getLineNumber()) + ")";
    throw Refusal{StatusCode::kInvalidArgument,
                  label_ + ": " + where + ": " +
                      (message_type_.empty() ? std::string("not a camt.053.001.08 or camt.054.001.08 Document")
                                             : "not valid " + message_type_) +
                      ": " + Utf8(e.getMessage())};
  }

  int64_t Minor(const std::string& amount, const std::string& ccy) const {
    auto d = codecs::Decimal::Parse(amount);
    auto digits = codecs::CurrencyMinorUnits(ccy);
    if (!digits) Fail(StatusCode::kInvalidArgument, "unknown currency '" + ccy + "'");
    std::optional<int64_t> minor;
    if (d) minor = d->ToMinorUnits(*digits);
    if (!minor) Fail(StatusCode::kInvalidArgument, "amount '" + amount + "' has more decimals than " + ccy + " allows");
    return *minor;
  }

  void StatementField(std::size_t depth, const std::string& name, const std::string& parent, const std::string& text) {
    if (stack_.size() >= 4 && stack_[3] == "Bal") {
      BalanceField(depth, name, parent, text);
    } else if (depth == 4) {
      if (name == "Id") stmt_.ref = text;
      else if (name == "CreDtTm") stmt_.created = text;
    } else if (depth == 5 && (parent == "StmtPgntn" || parent == "NtfctnPgntn")) {
      if (name == "PgNb") {
        try {
          stmt_.page = std::stoi(text);
        } catch (...) {
          Fail(StatusCode::kInvalidArgument, "page number '" + text + "' is not a number");
        }
        if (stmt_.page < 1) Fail(StatusCode::kInvalidArgument, "page number must be 1 or more");
      }
      if (name == "LastPgInd") stmt_.last_page = text == "true" || text == "1";
    } else if (depth == 5 && parent == "FrToDt" && name == "ToDtTm") {
      stmt_.to_date_time = text;
    } else if (depth == 5 && parent == "Acct" && name == "Ccy") {
      stmt_.account_ccy = text;
    } else if (depth == 6 && stack_[3] == "Acct" && parent == "Id" && name == "IBAN") {
      stmt_.account_ref = text;
    } else if (depth == 7 && stack_[3] == "Acct" && stack_[4] == "Id" && parent == "Othr" && name == "Id") {
      stmt_.account_ref = text;
    }
  }

  void BalanceField(std::size_t depth, const std::string& name, const std::string& parent, const std::string& text) {
    if (depth == 7 && name == "Cd" && parent == "CdOrPrtry") stmt_.bal_type = text;
    if (depth == 7 && name == "Prtry" && parent == "CdOrPrtry") stmt_.bal_type = text;
    if (depth == 5 && name == "Amt") {
      stmt_.bal_amount = text;
      stmt_.bal_ccy = ccy_;
    }
    if (depth == 5 && name == "CdtDbtInd") stmt_.bal_cd = text;
    if (depth == 6 && parent == "Dt") stmt_.bal_date = text.substr(0, 10);
    if (depth == 4 && name == "Bal") {
      int64_t v = Minor(stmt_.bal_amount, stmt_.bal_ccy);
      if (stmt_.bal_cd == "DBIT") v = -v;
      if (stmt_.bal_type == "OPBD") stmt_.opening = v;
      else if (stmt_.bal_type == "PRCD") stmt_.previous_closing = v;
      else if (stmt_.bal_type == "CLBD") {
        stmt_.closing = v;
        stmt_.closing_date = stmt_.bal_date;
      }
    }
  }

  void EntryField(std::size_t depth, const std::string& name, const std::string& parent, const std::string& text) {
    if (depth == 5) {
      if (name == "Amt") {
        entry_.currency = ccy_;  // may differ from the account's: matching reports it
        entry_.amount_minor = Minor(text, ccy_);
      } else if (name == "CdtDbtInd") entry_.credit_debit = text;
      else if (name == "RvslInd") entry_.reversal = text == "true" || text == "1";
      else if (name == "AcctSvcrRef") entry_.acct_svcr_ref = text;
      else if (name == "NtryRef") entry_.entry_ref = text;
      else if (name == "AddtlNtryInf") entry_.info = text.substr(0, 500);
    } else if (depth == 6 && (parent == "Sts") && (name == "Cd" || name == "Prtry")) {
      entry_.status = text;
    } else if (depth == 6 && parent == "BookgDt") {
      entry_.booking_date = text.substr(0, 10);
    } else if (depth == 6 && parent == "ValDt") {
      entry_.value_date = text.substr(0, 10);
    } else if (entry_.in_tx && depth == 8 && parent == "Refs") {
      if (name == "MsgId") entry_.msg_id = text;
      else if (name == "InstrId") entry_.instr_id = text;
      else if (name == "EndToEndId") entry_.e2e = text;
      else if (name == "UETR") entry_.uetr = text;
      else if (name == "TxId") entry_.tx_id = text;
      else if (name == "AcctSvcrRef" && entry_.acct_svcr_ref.empty()) entry_.acct_svcr_ref = text;
    }
    if (depth == 6 && name == "TxDtls") entry_.in_tx = false;
  }

  // Our account and the business date, once the statement's header is read.
  void ResolveStatement() {
    if (stmt_.resolved) return;
    if (stmt_.ref.empty()) Fail(StatusCode::kInvalidArgument, "the statement has no Id");
    if (stmt_.account_ref.empty()) Fail(StatusCode::kInvalidArgument, "Acct/Id has neither IBAN nor Othr/Id");
    auto r = txn_.exec_params(
        "SELECT id, counterparty, currency FROM ledger_accounts WHERE kind = 'settlement' "
        "AND (iban = $1 OR id = $1) ORDER BY (iban = $1) DESC LIMIT 1",
        stmt_.account_ref);
    if (r.empty())
      Fail(StatusCode::kInvalidArgument, "account " + stmt_.account_ref +
                                             " is not one of our settlement accounts (an account we do not hold "
                                             "with this counterparty); nothing was imported from this file");
    stmt_.settlement_account = r[0][0].as<std::string>();
    stmt_.link = r[0][1].as<std::string>();
    stmt_.currency = r[0][2].as<std::string>();
    if (!stmt_.account_ccy.empty() && stmt_.account_ccy != stmt_.currency)
      Fail(StatusCode::kInvalidArgument, "account " + stmt_.account_ref + " is held in " + stmt_.currency +
                                             ", the statement says " + stmt_.account_ccy);
    // The business date: the end of the period, the closing balance's date, the creation date.
    for (const std::string* d : {&stmt_.to_date_time, &stmt_.closing_date, &stmt_.created, &group_created_}) {
      if (d->size() >= 10) {
        stmt_.business_date = d->substr(0, 10);
        break;
      }
    }
    if (stmt_.business_date.empty()) Fail(StatusCode::kInvalidArgument, "the statement has no date");
    // Imported before?
    auto seen = txn_.exec_params(
        "SELECT source, to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM recon_statements "
        "WHERE message_type = $1 AND account_ref = $2 AND statement_ref = $3 AND page_number = $4",
        message_type_, stmt_.account_ref, stmt_.ref, stmt_.page);
    const std::string what = std::string(message_type_ == "camt.053.001.08" ? "statement " : "notification ") +
                             stmt_.ref + " page " + std::to_string(stmt_.page) + " of account " + stmt_.account_ref;
    if (!seen.empty())
      Fail(StatusCode::kAlreadyExists, what + " was already imported (from " + seen[0][0].as<std::string>() + " at " +
                                           seen[0][1].as<std::string>() +
                                           " UTC); nothing was imported from this file");
    if (!pages_.insert(message_type_ + "|" + stmt_.account_ref + "|" + stmt_.ref + "|" + std::to_string(stmt_.page)).second)
      Fail(StatusCode::kAlreadyExists, what + " appears twice in this file; nothing was imported from this file");
    stmt_.id = txn_.exec("SELECT nextval('recon_statements_id_seq')")[0][0].as<int64_t>();
    stmt_.resolved = true;
  }

  void AddEntry() {
    if (entry_.credit_debit != "CRDT" && entry_.credit_debit != "DBIT")
      Fail(StatusCode::kInvalidArgument, "CdtDbtInd must be CRDT or DBIT");
    if (!entry_.uetr.empty()) {
      for (auto& ch : entry_.uetr) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    batch_.push_back(std::move(entry_));
    if (batch_.size() >= options_.batch_entries) Flush();
  }

  void Flush() {
    if (batch_.empty()) return;
    const std::string business_date = stmt_.business_date;
    const bool is053 = message_type_ == "camt.053.001.08";
    pqxx::stream_to out(txn_, "recon_statement_entries",
                        std::vector<std::string>{"statement_id", "seq", "settlement_account", "link_name",
                                                 "business_date", "currency", "amount_minor", "credit_debit",
                                                 "reversal", "entry_status", "booking_date", "value_date", "entry_ref",
                                                 "acct_svcr_ref", "uetr", "end_to_end_id", "msg_id", "instr_id",
                                                 "tx_id", "additional_info"});
    auto opt = [](const std::string& s) -> const char* { return s.empty() ? nullptr : s.c_str(); };
    for (const auto& e : batch_) {
      // camt.054 entries count for the day they are booked; camt.053 ones for the statement's day.
      const std::string& day = !is053 && !e.booking_date.empty() ? e.booking_date : business_date;
      out << std::make_tuple(stmt_.id, e.seq, stmt_.settlement_account, stmt_.link, day, e.currency, e.amount_minor,
                             e.credit_debit, e.reversal ? "t" : "f", e.status.empty() ? "BOOK" : e.status,
                             opt(e.booking_date), opt(e.value_date), opt(e.entry_ref), opt(e.acct_svcr_ref),
                             opt(e.uetr), opt(e.e2e), opt(e.msg_id), opt(e.instr_id), opt(e.tx_id), opt(e.info));
    }
    out.complete();
    batch_.clear();
  }

  void FinishStatement() {
    Flush();
    if (message_type_ == "camt.053.001.08" && !stmt_.opening && stmt_.previous_closing) stmt_.opening = stmt_.previous_closing;
    const std::string opening = stmt_.opening ? std::to_string(*stmt_.opening) : "";
    const std::string closing = stmt_.closing ? std::to_string(*stmt_.closing) : "";
    auto opt = [](const std::string& v) -> const char* { return v.empty() ? nullptr : v.c_str(); };
    txn_.exec_params(
        "INSERT INTO recon_statements (id, message_type, msg_id, statement_ref, page_number, last_page, account_ref, "
        "settlement_account, link_name, currency, business_date, created_at_source, opening_balance_minor, "
        "closing_balance_minor, entry_count, source, imported_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::date, $12, $13::bigint, $14::bigint, $15, $16, $17)",
        stmt_.id, message_type_, msg_id_, stmt_.ref, stmt_.page, stmt_.last_page, stmt_.account_ref,
        stmt_.settlement_account, stmt_.link, stmt_.currency, stmt_.business_date,
        stmt_.created.empty() ? group_created_ : stmt_.created, opt(opening), opt(closing),
        stmt_.entries, label_, options_.actor);
    summary_.statements.push_back(ImportedStatement{message_type_, stmt_.ref, stmt_.page, stmt_.link,
                                                    stmt_.settlement_account, stmt_.business_date, stmt_.entries});
    summary_.entries += stmt_.entries;
  }

  pqxx::work& txn_;
  std::string label_;
  const ImportOptions& options_;
  const xc::Locator* locator_ = nullptr;
  int last_line_ = 0;
  std::vector<std::string> stack_, segments_;
  std::string text_, ccy_;
  std::string message_type_, msg_id_, group_created_;
  int stmt_index_ = 0;
  bool in_stmt_ = false, in_entry_ = false;
  Statement stmt_;
  Entry entry_;
  std::vector<Entry> batch_;
  std::set<std::string> pages_;
  ImportSummary summary_;
};

// One validating reader per thread and schema directory, with its own
// grammar pool (Xerces builds parts of a grammar on first use: not shared).
struct Reader {
  std::string dir;
  std::unique_ptr<xc::XMLGrammarPool> pool;
  std::unique_ptr<xc::SecurityManager> security;
  std::unique_ptr<xc::SAX2XMLReader> reader;  // destroyed first
  ~Reader() { reader.reset(); }
};

StatusOr<Reader*> ReaderFor(const std::filesystem::path& dir) {
  thread_local std::unique_ptr<Reader> cached;
  if (cached && cached->dir == dir.string()) return cached.get();
  EnsureXerces();
  auto r = std::make_unique<Reader>();
  r->dir = dir.string();
  r->pool = std::make_unique<xc::XMLGrammarPoolImpl>(xc::XMLPlatformUtils::fgMemoryManager);
  r->security = std::make_unique<xc::SecurityManager>();
  r->security->setEntityExpansionLimit(1);
  r->reader.reset(xc::XMLReaderFactory::createXMLReader(xc::XMLPlatformUtils::fgMemoryManager, r->pool.get()));
  auto* x = r->reader.get();
  using xc::XMLUni;
  x->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  x->setFeature(XMLUni::fgSAX2CoreNameSpacePrefixes, false);
  x->setFeature(XMLUni::fgXercesSchema, true);
  x->setFeature(XMLUni::fgXercesHandleMultipleImports, true);
  x->setFeature(XMLUni::fgXercesIgnoreAnnotations, true);
  x->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  LoadErrors errors;
  x->setErrorHandler(&errors);
  try {
    for (const char* file : {"camt.053.001.08.xsd", "camt.054.001.08.xsd"}) {
      const auto path = dir / file;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(path, ec)) return NotFound("schema " + path.string() + " not found");
      XMLCh* xpath = xc::XMLString::transcode(path.string().c_str());
      xc::LocalFileInputSource source(xpath);
      xc::XMLString::release(&xpath);
      if (x->loadGrammar(source, xc::Grammar::SchemaGrammarType, true) == nullptr || !errors.text.empty())
        return InvalidArgument("schema " + path.string() + " is not valid: " + errors.text);
    }
  } catch (const xc::XMLException& e) {
    return InvalidArgument("loading the camt schemas: " + Utf8(e.getMessage()));
  }
  x->setErrorHandler(nullptr);
  x->setFeature(XMLUni::fgSAX2CoreValidation, true);
  x->setFeature(XMLUni::fgXercesDynamic, false);
  x->setFeature(XMLUni::fgXercesSchemaFullChecking, false);
  x->setFeature(XMLUni::fgXercesLoadSchema, false);
  x->setFeature(XMLUni::fgXercesUseCachedGrammarInParse, true);
  x->setFeature(XMLUni::fgXercesCacheGrammarFromParse, false);
  x->setFeature(XMLUni::fgXercesIdentityConstraintChecking, false);
  x->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
  x->setFeature(XMLUni::fgXercesSkipDTDValidation, true);
  x->setFeature(XMLUni::fgXercesValidationErrorAsFatal, false);
  x->setFeature(XMLUni::fgXercesContinueAfterFatalError, false);
  x->setProperty(XMLUni::fgXercesSecurityManager, r->security.get());
  cached = std::move(r);
  return cached.get();
}

}  // namespace

StatusOr<ImportSummary> ImportStatements(pqxx::connection& conn, std::istream& in, const std::string& label,
                                         const ImportOptions& options) {
  GW_ASSIGN_OR_RETURN(Reader * reader, ReaderFor(options.schema_dir));
  try {
    pqxx::work txn(conn);
    txn.exec("SET LOCAL statement_timeout = 0");
    Handler handler(txn, label, options);
    auto* x = reader->reader.get();
    x->setContentHandler(&handler);
    x->setErrorHandler(&handler);
    x->setLexicalHandler(&handler);
    x->setEntityResolver(&handler);
    struct Detach {
      xc::SAX2XMLReader* x;
      Handler& h;
      ~Detach() {
        h.Ended();
        x->setContentHandler(nullptr);
        x->setErrorHandler(nullptr);
        x->setLexicalHandler(nullptr);
        x->setEntityResolver(nullptr);
      }
    };
    StreamSource source(in);
    try {
      Detach detach{x, handler};
      x->parse(source);
    } catch (const Refusal& r) {
      return Status(r.code, r.message);
    } catch (const xc::SAXParseException& e) {
      return InvalidArgument(label + ": line " + std::to_string(e.getLineNumber()) + ": " + Utf8(e.getMessage()));
    } catch (const xc::XMLException& e) {
      return InvalidArgument(label + ": line " + std::to_string(e.getSrcLine()) + ": " + Utf8(e.getMessage()));
    } catch (const xc::OutOfMemoryException&) {
      return ResourceExhausted(label + ": out of memory while parsing");
    } catch (const xc::SAXException& e) {
      return InvalidArgument(label + ": " + Utf8(e.getMessage()));
    }
    ImportSummary summary = std::move(handler.summary());
    summary.label = label;
    pg::WriteAudit(txn, pg::AuditEntry{options.actor, "reconciliation.statement_import", "statement_file", label,
                                       std::nullopt, ImportSummaryToJson(summary), options.source_address,
                                       std::nullopt});
    txn.commit();
    return summary;
  } catch (const pqxx::unique_violation& e) {
    return AlreadyExists(label + ": a statement page of this file was imported meanwhile; nothing was imported (" +
                         std::string(e.what()).substr(0, 200) + ")");
  } catch (...) {
    return pg::StatusFromCurrentException().WithContext(label);
  }
}

StatusOr<ImportSummary> ImportStatementFile(pqxx::connection& conn, const std::filesystem::path& file,
                                            const ImportOptions& options) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFound(file.string() + ": cannot be read");
  return ImportStatements(conn, in, file.filename().string(), options);
}

nlohmann::json ImportSummaryToJson(const ImportSummary& summary) {
  nlohmann::json statements = nlohmann::json::array();
  for (const auto& s : summary.statements)
    statements.push_back({{"message_type", s.message_type}, {"statement_id", s.statement_ref}, {"page", s.page},
                          {"link", s.link_name}, {"settlement_account", s.settlement_account},
                          {"business_date", s.business_date}, {"entries", s.entries}});
  return {{"file", summary.label}, {"statements", statements}, {"entries", summary.entries}};
}

}  // namespace gw::reconciliation
