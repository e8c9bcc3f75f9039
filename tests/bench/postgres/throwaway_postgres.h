// A throwaway PostgreSQL server for the benchmarks: Debian's package, its own initdb in a temporary
// directory, run as an unprivileged user (postgres refuses root), listening only on a unix socket
// in that directory, synchronous_commit on and the package's defaults otherwise. The PostgreSQL
// comparison (postgres_bench) measures nianbao against it in the same run.
#ifndef NIANBAO_TESTS_BENCH_POSTGRES_THROWAWAY_POSTGRES_H_
#define NIANBAO_TESTS_BENCH_POSTGRES_THROWAWAY_POSTGRES_H_

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace nianbao::testing {

class ThrowawayPostgres {
 public:
  // Makes the cluster and starts the server; returns once it accepts connections. A keeper process
  // forked here stops the server and removes the directory when this object is destroyed or this
  // process ends in any way (a crash included: the keeper sees its pipe close). Call it before the
  // process starts threads, since it forks. FAILED_PRECONDITION when PostgreSQL's programs are not
  // installed ($NIANBAO_PG_BINDIR, else the newest /usr/lib/postgresql/N/bin); INTERNAL, with
  // initdb's or the server's log, when the cluster cannot be made or started.
  static absl::StatusOr<std::unique_ptr<ThrowawayPostgres>> Start();

  // Stops the server (fast shutdown) and removes its directory; waits for both.
  ~ThrowawayPostgres();
  ThrowawayPostgres(const ThrowawayPostgres&) = delete;
  ThrowawayPostgres& operator=(const ThrowawayPostgres&) = delete;

  // A libpq connection string for the superuser "bench" on database "postgres".
  std::string conninfo() const;
  // The server's version, e.g. "15.18" (from its binaries' directory's postgres --version).
  const std::string& version() const { return version_; }

 private:
  ThrowawayPostgres(std::string dir, std::string version, pid_t keeper, int keeper_pipe)
      : dir_(std::move(dir)),
        version_(std::move(version)),
        keeper_(keeper),
        keeper_pipe_(keeper_pipe) {}

  std::string dir_;  // the socket's directory; the cluster is dir_/data
  std::string version_;
  pid_t keeper_;
  int keeper_pipe_;  // write end; the keeper reads EOF when it closes
};

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_BENCH_POSTGRES_THROWAWAY_POSTGRES_H_
