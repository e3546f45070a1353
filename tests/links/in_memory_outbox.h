// File: tests/links/in_memory_outbox.h
//
// An OutboxSource kept in memory, for the link tests and benchmark: messages per
// link in insertion (= creation) order; Claim hands out unclaimed ones oldest
// first; Release makes them claimable again in their original position.
#pragma once

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "gateway/links/interfaces.h"

namespace gw::links::testing {

class InMemoryOutbox final : public OutboxSource {
 public:
  // Adds a message for `link`; its id is assigned here (increasing).
  std::uint64_t Add(const std::string& link, std::string message_id, std::string uetr,
                    std::string payload) {
    std::lock_guard lock(mu_);
    const std::uint64_t id = next_id_++;
    links_[link].emplace(id, Row{OutboundMessage{id, std::move(message_id), std::move(uetr),
                                                 std::move(payload)},
                                 false});
    return id;
  }

  void Claim(const std::string& link, std::size_t max, ClaimCallback done) override {
    OutboxBatch batch;
    {
      std::lock_guard lock(mu_);
      ++claims_;
      auto& rows = links_[link];
      std::size_t unclaimed = 0;
      for (auto& [id, row] : rows) {
        if (row.claimed) continue;
        if (batch.messages.size() < max) {
          row.claimed = true;
          batch.messages.push_back(row.message);
        } else {
          ++unclaimed;
        }
      }
      batch.remaining = unclaimed;
    }
    done(std::move(batch));
  }

  void Release(const std::string& link, const std::vector<std::uint64_t>& ids) override {
    std::lock_guard lock(mu_);
    auto& rows = links_[link];
    for (auto id : ids) {
      auto it = rows.find(id);
      if (it != rows.end()) it->second.claimed = false;
    }
    released_ += ids.size();
  }

  // The pipeline would delete/mark the row when told the outcome.
  void Complete(const std::string& link, std::uint64_t id) {
    std::lock_guard lock(mu_);
    links_[link].erase(id);
  }

  std::size_t Unclaimed(const std::string& link) {
    std::lock_guard lock(mu_);
    auto& rows = links_[link];
    return static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [](const auto& r) { return !r.second.claimed; }));
  }
  std::size_t released() {
    std::lock_guard lock(mu_);
    return released_;
  }

 private:
  struct Row {
    OutboundMessage message;
    bool claimed;
  };
  std::mutex mu_;
  std::uint64_t next_id_ = 1;
  std::map<std::string, std::map<std::uint64_t, Row>> links_;
  std::size_t claims_ = 0;
  std::size_t released_ = 0;
};

}  // namespace gw::links::testing
