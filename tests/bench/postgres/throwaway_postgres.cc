#include "tests/bench/postgres/throwaway_postgres.h"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"

namespace nianbao::testing {
namespace {

namespace fs = std::filesystem;

// Who runs PostgreSQL: this process's own user, or, as root (which postgres refuses), the
// package's "postgres" system user, else "nobody".
struct Identity {
  bool drop = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

Identity Unprivileged() {
  Identity identity;
  if (geteuid() != 0) return identity;
  const passwd* user = getpwnam("postgres");
  if (user == nullptr) user = getpwnam("nobody");
  if (user == nullptr) return identity;
  identity.drop = true;
  identity.uid = user->pw_uid;
  identity.gid = user->pw_gid;
  return identity;
}

// The directory of initdb and postgres: $NIANBAO_PG_BINDIR, else the newest installed major.
absl::StatusOr<std::string> BinDir() {
  if (const char* dir = std::getenv("NIANBAO_PG_BINDIR"); dir != nullptr && *dir != '\0') {
    return std::string(dir);
  }
  std::string best;
  int best_major = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    const int major = std::atoi(entry.path().filename().c_str());
    if (major > best_major && fs::exists(entry.path() / "bin" / "postgres")) {
      best_major = major;
      best = (entry.path() / "bin").string();
    }
  }
  if (best.empty()) {
    return absl::FailedPreconditionError(
        "PostgreSQL is not installed (deploy/install-deps.sh --bench installs Debian's "
        "postgresql); "
        "or set NIANBAO_PG_BINDIR");
  }
  return best;
}

// In a forked child: output to `log`, the unprivileged identity, then `argv`. Never returns.
[[noreturn]] void ExecAs(const Identity& identity, const std::string& log,
                         const std::vector<std::string>& argv) {
  const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd >= 0) {
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
  }
  if (identity.drop) {
    if (fd >= 0 && fchown(fd, identity.uid, identity.gid) != 0) _exit(126);
    if (setgroups(0, nullptr) != 0 || setgid(identity.gid) != 0 || setuid(identity.uid) != 0) {
      _exit(126);
    }
  }
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

std::string Version(const std::string& bin_dir) {
  std::string output;
  if (FILE* pipe = popen((bin_dir + "/postgres --version").c_str(), "r"); pipe != nullptr) {
    char buffer[256];
    while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    pclose(pipe);
  }
  // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)": the third word.
  std::istringstream words(output);
  std::string word;
  for (int i = 0; i < 3 && (words >> word); ++i) {
  }
  return word;
}

// The keeper: starts postgres as its child, and when the benchmark's end of `pipe_read` closes
// (the benchmark finished, failed or died), stops it and removes `dir`. Never returns.
[[noreturn]] void Keep(const Identity& identity, const std::string& bin_dir, const std::string& dir,
                       int pipe_read) {
  // A Ctrl-C reaches the whole process group; the keeper stays to clean up after the others.
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  const pid_t server = fork();
  if (server == 0) {
    close(pipe_read);
    ExecAs(identity, dir + "/postgres.log",
           {bin_dir + "/postgres", "-D", dir + "/data", "-k", dir, "-c", "listen_addresses=", "-c",
            "synchronous_commit=on"});
  }
  bool server_running = server > 0;
  while (server_running) {
    pollfd watch{pipe_read, POLLIN, 0};
    const int ready = poll(&watch, 1, 200);
    int status = 0;
    if (waitpid(server, &status, WNOHANG) == server) {
      server_running = false;  // it stopped on its own; the benchmark sees that on its next query
      // Keep the log until the benchmark has read it.
      char byte;
      while (read(pipe_read, &byte, 1) > 0) {
      }
      break;
    }
    if (ready > 0) {
      char byte;
      if (read(pipe_read, &byte, 1) > 0) continue;
      // EOF: fast shutdown (open transactions roll back), then immediate after 20 s.
      kill(server, SIGINT);
      for (int i = 0; i < 200 && waitpid(server, &status, WNOHANG) == 0; ++i) usleep(100000);
      if (kill(server, 0) == 0) {
        kill(server, SIGQUIT);
        waitpid(server, &status, 0);
      }
      server_running = false;
    }
  }
  std::error_code error;
  fs::remove_all(dir, error);
  _exit(0);
}

}  // namespace

absl::StatusOr<std::unique_ptr<ThrowawayPostgres>> ThrowawayPostgres::Start() {
  absl::StatusOr<std::string> bin_dir = BinDir();
  if (!bin_dir.ok()) return bin_dir.status();
  const Identity identity = Unprivileged();
  char pattern[] = "/tmp/nianbao-pg-XXXXXX";
  if (mkdtemp(pattern) == nullptr) return absl::InternalError("cannot make a temporary directory");
  const std::string dir = pattern;
  if (identity.drop && chown(dir.c_str(), identity.uid, identity.gid) != 0) {
    std::error_code error;
    fs::remove_all(dir, error);
    return absl::InternalError(absl::StrCat("cannot give ", dir, " to the unprivileged user"));
  }
  // initdb's own final sync of the new cluster is skipped (it only costs the setup time); the
  // server then runs with fsync and synchronous_commit on, as packaged.
  const pid_t initdb = fork();
  if (initdb == 0) {
    ExecAs(identity, dir + "/initdb.log",
           {*bin_dir + "/initdb", "-D", dir + "/data", "-U", "bench", "-A", "trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync"});
  }
  int status = 0;
  if (initdb < 0 || waitpid(initdb, &status, 0) != initdb || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    const std::string log = Tail(dir + "/initdb.log");
    std::error_code error;
    fs::remove_all(dir, error);
    return absl::InternalError(absl::StrCat("initdb failed:\n", log));
  }
  int pipe_ends[2];
  // Close-on-exec, so that the servers the benchmark starts later do not hold the write end open.
  if (pipe2(pipe_ends, O_CLOEXEC) != 0) return absl::InternalError("pipe2 failed");
  const pid_t keeper = fork();
  if (keeper == 0) {
    close(pipe_ends[1]);
    Keep(identity, *bin_dir, dir, pipe_ends[0]);
  }
  close(pipe_ends[0]);
  std::unique_ptr<ThrowawayPostgres> postgres(
      new ThrowawayPostgres(dir, Version(*bin_dir), keeper, pipe_ends[1]));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (PQping(postgres->conninfo().c_str()) != PQPING_OK) {
    if (std::chrono::steady_clock::now() > deadline || waitpid(keeper, &status, WNOHANG) != 0) {
      const std::string log = Tail(dir + "/postgres.log");
      return absl::InternalError(absl::StrCat("PostgreSQL did not start:\n", log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return postgres;
}

ThrowawayPostgres::~ThrowawayPostgres() {
  close(keeper_pipe_);
  int status = 0;
  waitpid(keeper_, &status, 0);
}

std::string ThrowawayPostgres::conninfo() const {
  return absl::StrCat("host=", dir_, " user=bench dbname=postgres");
}

}  // namespace nianbao::testing
