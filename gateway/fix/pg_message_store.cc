#include "gateway/fix/pg_message_store.h"

#include <chrono>
#include <cstdint>
#include <ctime>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <stdexcept>
#include <utility>

namespace gw::fix {

namespace {

// The innermost live SendHook and Batch of this thread.
thread_local PgMessageStore::SendHook* current_hook = nullptr;
thread_local PgMessageStore::Batch* current_batch = nullptr;

// A timestamptz as microseconds since the epoch: QuickFIX's UtcTimeStamp keeps
// no time zone, and this keeps the database's precision.
constexpr const char* kEpochMicros = "(extract(epoch FROM creation_time) * 1000000)::bigint";

FIX::UtcTimeStamp FromEpochMicros(int64_t micros) {
  int64_t seconds = micros / 1000000;
  int64_t fraction = micros % 1000000;
  if (fraction < 0) {  // before 1970: the fraction counts forward from the second before
    fraction += 1000000;
    seconds -= 1;
  }
  return FIX::UtcTimeStamp(static_cast<time_t>(seconds), static_cast<int>(fraction), 6);
}

}  // namespace

PgMessageStore::SendHook::SendHook(const FIX::SessionID& session, SendHookFn fn)
    : session_key_(session.toString()), fn_(std::move(fn)), outer_(current_hook) {
  current_hook = this;
}

PgMessageStore::SendHook::~SendHook() { current_hook = outer_; }

PgMessageStore::Batch::Batch(pg::PgPool& pool, const FIX::SessionID& session)
    : pool_(pool), session_key_(session.toString()), outer_(current_batch) {
  current_batch = this;
}

PgMessageStore::Batch::~Batch() { current_batch = outer_; }

Status PgMessageStore::Batch::Commit(
    const std::function<void(pqxx::dbtransaction&, const std::vector<int>& seqs)>& extra) {
  if (seqs_.empty()) return Status::Ok();
  nlohmann::json rows = nlohmann::json::array();
  int last = 0;
  for (std::size_t i = 0; i < seqs_.size(); ++i) {
    rows.push_back({{"seq", seqs_[i]}, {"body", messages_[i]}});
    last = std::max(last, seqs_[i]);
  }
  const std::string payload = rows.dump();
  const auto started = std::chrono::steady_clock::now();
  Status st;
  try {
    st = pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) -> Status {
      pg::ExecPrepared(txn, "fix_store_message_batch",
                       "WITH stored AS ("
                       "  INSERT INTO fix_store_messages (session_key, seq, body) "
                       "  SELECT $1, m.seq, m.body FROM jsonb_to_recordset($2::jsonb) AS m(seq int, body text) "
                       "  ON CONFLICT (session_key, seq) DO UPDATE SET body = EXCLUDED.body, stored_at = now()) "
                       "UPDATE fix_store_sessions SET next_sender_seq = greatest(next_sender_seq, $3 + 1), "
                       "  updated_at = now() WHERE session_key = $1",
                       session_key_, payload, last);
      if (extra) extra(txn, seqs_);
      return Status::Ok();
    });
  } catch (...) {
    st = Internal("unexpected exception while storing sent messages");
  }
  if (store_ != nullptr && store_->observe_)
    store_->observe_(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (st.ok() && store_ != nullptr) store_->stored_sender_ = std::max(store_->stored_sender_, last + 1);
  return st;
}

void PgMessageStore::AdvanceTarget(pqxx::dbtransaction& txn, const FIX::SessionID& session, int next) {
  pg::ExecPrepared(txn, "fix_store_advance_target",
                   "UPDATE fix_store_sessions SET next_target_seq = greatest(next_target_seq, $2), "
                   "updated_at = now() WHERE session_key = $1",
                   session.toString(), next);
}

PgMessageStore::PgMessageStore(pg::PgPool& pool, const FIX::SessionID& session)
    : pool_(pool), key_(session.toString()) {
  Load();
}

void PgMessageStore::Run(const std::string& operation, const std::function<void(pqxx::dbtransaction&)>& body) const {
  Status s;
  const auto started = std::chrono::steady_clock::now();
  struct Observe {
    const DurationObserver& observe;
    std::chrono::steady_clock::time_point started;
    ~Observe() {
      if (observe) observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
  } timing{observe_, started};
  try {
    s = pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) {
      body(txn);
      return Status::Ok();
    });
  } catch (...) {
    // InTransaction turns what the body throws into a Status; what is left
    // (bad_alloc, an exception not derived from std::exception) must not leave
    // the store as anything but FIX::IOException either.
    s = Internal("unexpected exception");
    try {
      s = pg::StatusFromCurrentException();
    } catch (...) {
    }
  }
  if (!s.ok())
    throw FIX::IOException("PostgreSQL message store: " + operation + " for session " + key_ +
                           " failed: " + s.ToString());
}

void PgMessageStore::Load() {
  int sender = 0, target = 0;
  int64_t created = 0;
  Run("loading the session", [&](pqxx::dbtransaction& txn) {
    pg::ExecPrepared(txn, "fix_store_session_insert",
                     "INSERT INTO fix_store_sessions (session_key, creation_time, next_sender_seq, next_target_seq) "
                     "VALUES ($1, now(), 1, 1) ON CONFLICT (session_key) DO NOTHING",
                     key_);
    auto r = pg::ExecPrepared(txn, "fix_store_session_load",
                              std::string("SELECT next_sender_seq, next_target_seq, ") + kEpochMicros +
                                  " FROM fix_store_sessions WHERE session_key = $1",
                              key_);
    if (r.size() != 1) throw std::runtime_error("the session's row is missing");
    sender = r[0][0].as<int>();
    target = r[0][1].as<int>();
    created = r[0][2].as<int64_t>();
  });
  next_sender_ = sender;
  stored_sender_ = sender;
  next_target_ = target;
  creation_time_ = FromEpochMicros(created);
}

bool PgMessageStore::set(int seq, const std::string& message) {
  if (Batch* batch = current_batch; batch != nullptr && batch->session_key_ == key_) {
    batch->store_ = this;
    batch->seqs_.push_back(seq);
    batch->messages_.push_back(message);
    return true;
  }
  SendHook* hook = current_hook;
  if (hook != nullptr && (!hook->armed_ || hook->session_key_ != key_)) hook = nullptr;
  if (hook != nullptr) hook->armed_ = false;  // this message is the hook's, whatever happens to it
  try {
    Run("storing message " + std::to_string(seq), [&](pqxx::dbtransaction& txn) {
      pg::ExecPrepared(txn, "fix_store_message_set",
                       "WITH stored AS ("
                       "  INSERT INTO fix_store_messages (session_key, seq, body) VALUES ($1, $2, $3) "
                       "  ON CONFLICT (session_key, seq) DO UPDATE SET body = EXCLUDED.body, stored_at = now()) "
                       "UPDATE fix_store_sessions SET next_sender_seq = greatest(next_sender_seq, $2 + 1), "
                       "  updated_at = now() WHERE session_key = $1",
                       key_, seq, message);
      if (hook != nullptr) hook->fn_(txn, seq);
    });
  } catch (const FIX::IOException&) {
    // The connection may have been lost during COMMIT, with the message stored
    // after all. QuickFIX does not send it, and without this would give the
    // next message the same number and overwrite it. Re-reading the numbers
    // (if the database answers) moves past a message that was stored: the
    // counterparty then sees a gap and asks for it again.
    try {
      Load();
    } catch (const FIX::IOException&) {
    }
    throw;
  }
  stored_sender_ = std::max(stored_sender_, seq + 1);
  if (hook != nullptr) {
    hook->committed_ = true;
    hook->seq_ = seq;
  }
  return true;
}

void PgMessageStore::get(int begin, int end, std::vector<std::string>& messages) const {
  std::vector<std::string> out;
  Run("reading messages " + std::to_string(begin) + " to " + std::to_string(end),
      [&](pqxx::dbtransaction& txn) {
        out.clear();  // a retried transaction starts again
        auto r = pg::ExecPrepared(txn, "fix_store_message_get",
                                  "SELECT body FROM fix_store_messages "
                                  "WHERE session_key = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq",
                                  key_, begin, end);
        out.reserve(r.size());
        for (const auto& row : r) out.push_back(row[0].as<std::string>());
      });
  messages = std::move(out);
}

void PgMessageStore::PersistSeq(bool sender, int seq) {
  const char* column = sender ? "next_sender_seq" : "next_target_seq";
  Run(std::string("setting ") + column + " to " + std::to_string(seq), [&](pqxx::dbtransaction& txn) {
    if (sender)
      pg::ExecPrepared(txn, "fix_store_set_sender",
                       "UPDATE fix_store_sessions SET next_sender_seq = $2, updated_at = now() WHERE session_key = $1",
                       key_, seq);
    else
      pg::ExecPrepared(txn, "fix_store_set_target",
                       "UPDATE fix_store_sessions SET next_target_seq = $2, updated_at = now() WHERE session_key = $1",
                       key_, seq);
  });
  (sender ? next_sender_ : next_target_) = seq;
  if (sender) stored_sender_ = seq;
}

void PgMessageStore::setNextSenderMsgSeqNum(int seq) { PersistSeq(true, seq); }
void PgMessageStore::setNextTargetMsgSeqNum(int seq) { PersistSeq(false, seq); }
void PgMessageStore::incrNextSenderMsgSeqNum() {
  // set() (or its Batch) already stored seq + 1 for a message it kept; only a
  // message not kept (most session-level ones) needs the number written here.
  const bool batched = current_batch != nullptr && current_batch->session_key_ == key_;
  if (batched || next_sender_ + 1 <= stored_sender_) {
    ++next_sender_;
    return;
  }
  PersistSeq(true, next_sender_ + 1);
}
void PgMessageStore::incrNextTargetMsgSeqNum() { ++next_target_; }  // stored with what it recorded: AdvanceTarget

void PgMessageStore::reset() {
  int64_t created = 0;
  Run("resetting the session", [&](pqxx::dbtransaction& txn) {
    pg::ExecPrepared(txn, "fix_store_reset_messages", "DELETE FROM fix_store_messages WHERE session_key = $1", key_);
    auto r = pg::ExecPrepared(txn, "fix_store_reset_session",
                              std::string("INSERT INTO fix_store_sessions "
                                          "(session_key, creation_time, next_sender_seq, next_target_seq) "
                                          "VALUES ($1, now(), 1, 1) ON CONFLICT (session_key) DO UPDATE SET "
                                          "creation_time = now(), next_sender_seq = 1, next_target_seq = 1, "
                                          "updated_at = now() RETURNING ") +
                                  kEpochMicros,
                              key_);
    created = r[0][0].as<int64_t>();
  });
  next_sender_ = 1;
  stored_sender_ = 1;
  next_target_ = 1;
  creation_time_ = FromEpochMicros(created);
}

void PgMessageStore::refresh() { Load(); }

FIX::MessageStore* PgMessageStoreFactory::create(const FIX::SessionID& session) {
  try {
    auto* store = new PgMessageStore(pool_, session);
    store->SetDurationObserver(observe_);
    return store;
  } catch (const FIX::IOException& e) {
    throw FIX::ConfigError(e.detail);
  }
}

void PgMessageStoreFactory::destroy(FIX::MessageStore* store) { delete store; }

}  // namespace gw::fix
