#include "tests/bench/postgres/pg_edits.h"

#include <libpq-fe.h>

#include <atomic>
#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "workflow/digest.h"

namespace nianbao::testing {
namespace {

// Stands for the title in the content's JSON, to be replaced by each edit's title.
constexpr char kTitleMarker[] = "NIANBAO-BENCH-TITLE";

constexpr const char* kSchema[] = {
    "CREATE TABLE report (id integer PRIMARY KEY, content jsonb NOT NULL, etag text NOT NULL, "
    "digest bytea NOT NULL, revision bigint NOT NULL)",
    "CREATE TABLE audit_event (seq bigserial PRIMARY KEY, report integer NOT NULL, "
    "actor text NOT NULL, action text NOT NULL, at timestamptz NOT NULL, digest bytea NOT NULL)",
    "CREATE TABLE chain_head (id integer PRIMARY KEY, seq bigint NOT NULL, hash bytea NOT NULL)",
    "INSERT INTO chain_head VALUES (1, 0, decode(repeat('00', 32), 'hex'))",
};

struct Statement {
  const char* name;
  const char* sql;
};
constexpr Statement kStatements[] = {
    {"lock", "SELECT etag FROM report WHERE id = $1 FOR UPDATE"},
    {"update",
     "UPDATE report SET content = $2::jsonb, etag = $3, digest = $4, revision = revision + 1 "
     "WHERE id = $1"},
    {"audit",
     "INSERT INTO audit_event (report, actor, action, at, digest) "
     "VALUES ($1, 'drafter', 'UPDATE_REPORT', now(), $2)"},
    {"chain", "UPDATE chain_head SET seq = seq + 1, hash = sha256(hash || $1::bytea) WHERE id = 1"},
};

// Only the first few failures are printed; a run that fails on every call says so in its rate.
std::atomic<int> failures_printed{0};

void PrintFailure(const std::string& what) {
  if (failures_printed.fetch_add(1) < 5) std::fprintf(stderr, "postgres: %s\n", what.c_str());
}

absl::StatusOr<std::string> ContentJson(nianbao::v1::AnnualReport content) {
  content.mutable_metadata()->set_title(kTitleMarker);
  std::string json;
  if (auto s = google::protobuf::util::MessageToJsonString(content, &json); !s.ok()) {
    return absl::InternalError(absl::StrCat("cannot print the content as JSON: ", s.ToString()));
  }
  return json;
}

}  // namespace

absl::Status CreateEditSchema(const std::string& conninfo, const nianbao::v1::AnnualReport& content,
                              int reports) {
  absl::StatusOr<std::string> json = ContentJson(content);
  if (!json.ok()) return json.status();
  PGconn* connection = PQconnectdb(conninfo.c_str());
  absl::Status status;
  if (PQstatus(connection) != CONNECTION_OK) {
    status = absl::UnavailableError(PQerrorMessage(connection));
  }
  for (const char* sql : kSchema) {
    if (!status.ok()) break;
    PGresult* result = PQexec(connection, sql);
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      status = absl::InternalError(absl::StrCat(sql, ": ", PQerrorMessage(connection)));
    }
    PQclear(result);
  }
  if (status.ok()) {
    const std::string count = std::to_string(reports);
    const char* values[] = {json->c_str(), count.c_str()};
    PGresult* result = PQexecParams(
        connection,
        "INSERT INTO report SELECT g, $1::jsonb, '0', '', 0 FROM generate_series(1, $2::int) g", 2,
        nullptr, values, nullptr, nullptr, 0);
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      status = absl::InternalError(absl::StrCat("seeding reports: ", PQerrorMessage(connection)));
    }
    PQclear(result);
  }
  PQfinish(connection);
  return status;
}

absl::StatusOr<std::unique_ptr<PgEditor>> PgEditor::Connect(
    const std::string& conninfo, int report, const nianbao::v1::AnnualReport& content) {
  absl::StatusOr<std::string> json = ContentJson(content);
  if (!json.ok()) return json.status();
  const size_t marker = json->find(kTitleMarker);
  if (marker == std::string::npos) return absl::InternalError("no title in the content's JSON");
  PGconn* connection = PQconnectdb(conninfo.c_str());
  std::unique_ptr<PgEditor> editor(new PgEditor(connection, report, json->substr(0, marker),
                                                json->substr(marker + sizeof(kTitleMarker) - 1)));
  if (PQstatus(connection) != CONNECTION_OK) {
    return absl::UnavailableError(PQerrorMessage(connection));
  }
  for (const Statement& statement : kStatements) {
    PGresult* result = PQprepare(connection, statement.name, statement.sql, 0, nullptr);
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    if (!ok) {
      return absl::InternalError(
          absl::StrCat("preparing ", statement.name, ": ", PQerrorMessage(connection)));
    }
  }
  return editor;
}

PgEditor::PgEditor(pg_conn* connection, int report, std::string json_before_title,
                   std::string json_after_title)
    : connection_(connection),
      report_(std::to_string(report)),
      json_before_title_(std::move(json_before_title)),
      json_after_title_(std::move(json_after_title)),
      etag_("0") {}

PgEditor::~PgEditor() { PQfinish(connection_); }

bool PgEditor::Exec(const char* statement, int params, const char* const* values,
                    const int* lengths, const int* formats, std::string* first_value) {
  PGresult* result =
      params < 0 ? PQexec(connection_, statement)
                 : PQexecPrepared(connection_, statement, params, values, lengths, formats, 0);
  const ExecStatusType status = PQresultStatus(result);
  bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  if (ok && first_value != nullptr) {
    ok = PQntuples(result) == 1;
    if (ok) first_value->assign(PQgetvalue(result, 0, 0));
  }
  if (!ok) PrintFailure(absl::StrCat(statement, ": ", PQerrorMessage(connection_)));
  PQclear(result);
  return ok;
}

bool PgEditor::Edit(bool chain) {
  if (!Exec("BEGIN", -1, nullptr, nullptr, nullptr)) return false;
  // The row locked, and the precondition checked as UpdateReport checks the request's etag.
  const char* id[] = {report_.c_str()};
  std::string stored_etag;
  bool ok = Exec("lock", 1, id, nullptr, nullptr, &stored_etag);
  if (ok && stored_etag != etag_) {
    PrintFailure(absl::StrCat("report ", report_, " has etag ", stored_etag, ", not ", etag_));
    ok = false;
  }
  std::string etag;
  if (ok) {
    const std::string json =
        absl::StrCat(json_before_title_, "第 ", ++edits_, " 稿", json_after_title_);
    const std::string digest = nianbao::workflow::Sha256(json);
    etag = nianbao::workflow::HexEncode(digest.substr(0, 8));
    const char* update[] = {report_.c_str(), json.c_str(), etag.c_str(), digest.data()};
    const int update_lengths[] = {0, 0, 0, static_cast<int>(digest.size())};
    const int update_formats[] = {0, 0, 0, 1};  // the digest as binary bytea
    ok = Exec("update", 4, update, update_lengths, update_formats);
    const char* audit[] = {report_.c_str(), digest.data()};
    const int audit_lengths[] = {0, static_cast<int>(digest.size())};
    const int audit_formats[] = {0, 1};
    ok = ok && Exec("audit", 2, audit, audit_lengths, audit_formats);
    if (ok && chain) {
      // The event linked into the chain: which report, and the content it now holds.
      const std::string event = absl::StrCat(report_, ":", digest);
      const char* link[] = {event.data()};
      const int link_lengths[] = {static_cast<int>(event.size())};
      const int link_formats[] = {1};
      ok = Exec("chain", 1, link, link_lengths, link_formats);
    }
  }
  if (!ok) {
    PQclear(PQexec(connection_, "ROLLBACK"));
    return false;
  }
  if (!Exec("COMMIT", -1, nullptr, nullptr, nullptr)) return false;
  etag_ = etag;
  return true;
}

}  // namespace nianbao::testing
