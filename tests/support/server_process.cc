#include "tests/support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace nianbao::testing {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Everything a child needs between fork and exec is built before the fork: in a parent with
// other threads (gRPC's), one of them may hold the allocator's lock at the fork, and a child that
// allocates would wait for it for ever.
std::vector<char*> ToArgv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return argv;
}

// This process's environment with `assignments` (NAME=VALUE) added; a later one replaces an
// earlier one of the same name, as putenv would.
std::vector<std::string> EnvironmentWith(const std::vector<std::string>& assignments) {
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) environment.emplace_back(*entry);
  for (const std::string& assignment : assignments) {
    const size_t equals = assignment.find('=');
    if (equals == std::string::npos) {
      environment.push_back(assignment);  // not NAME=VALUE: passed on as it is, replacing nothing
      continue;
    }
    const std::string name = assignment.substr(0, equals + 1);
    auto same = std::find_if(environment.begin(), environment.end(), [&](const std::string& e) {
      return e.compare(0, name.size(), name) == 0;
    });
    if (same != environment.end()) {
      *same = assignment;
    } else {
      environment.push_back(assignment);
    }
  }
  return environment;
}

int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Kill();
}

absl::Status ServerProcess::Start(const std::string& binary, const std::vector<std::string>& args,
                                  const std::string& port_file) {
  std::remove(port_file.c_str());
  log_path_ = port_file + ".log";
  std::vector<std::string> full = {binary};
  full.insert(full.end(), args.begin(), args.end());
  full.push_back("--listen=127.0.0.1:0");
  full.push_back("--port_file=" + port_file);
  const pid_t parent = getpid();
  std::vector<char*> argv = ToArgv(full);
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    // A test binary that crashes runs no destructor: its servers die with it instead of lingering
    // on their ports and data directories (the check covers a parent that died before prctl).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    int log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log_fd >= 0) {
      dup2(log_fd, 1);
      dup2(log_fd, 2);
    }
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  pid_ = pid;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string contents(absl::StripAsciiWhitespace(Slurp(port_file)));
    int port = 0;
    if (!contents.empty() && absl::SimpleAtoi(contents, &port) && port > 0) {
      port_ = port;
      address_ = absl::StrCat("127.0.0.1:", port);
      return absl::OkStatus();
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::InternalError(absl::StrCat(binary, " exited with ", DecodeWaitStatus(status),
                                              " before listening: ", Slurp(log_path_)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill();
  return absl::DeadlineExceededError(absl::StrCat(binary, " did not listen in time: ", Log()));
}

absl::StatusOr<int> ServerProcess::Wait() {
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      return DecodeWaitStatus(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return absl::DeadlineExceededError("server did not exit in time");
}

absl::StatusOr<int> ServerProcess::Stop() {
  if (pid_ <= 0) return absl::FailedPreconditionError("not running");
  kill(pid_, SIGTERM);
  absl::StatusOr<int> code = Wait();
  if (!code.ok()) Kill();
  return code;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::Log() const { return Slurp(log_path_); }

CommandResult RunCommand(const std::vector<std::string>& argv_in, const std::string& stdin_data,
                         const std::vector<std::string>& extra_env) {
  char in_path[] = "/tmp/nianbao-cmd-in-XXXXXX";
  char out_path[] = "/tmp/nianbao-cmd-out-XXXXXX";
  char err_path[] = "/tmp/nianbao-cmd-err-XXXXXX";
  int in_fd = mkstemp(in_path), out_fd = mkstemp(out_path), err_fd = mkstemp(err_path);
  if (write(in_fd, stdin_data.data(), stdin_data.size()) < 0) {
    // Nothing to do: the child then reads what was written.
  }
  lseek(in_fd, 0, SEEK_SET);
  CommandResult result;
  std::vector<std::string> args = argv_in;
  std::vector<char*> argv = ToArgv(args);
  std::vector<std::string> environment = EnvironmentWith(extra_env);
  std::vector<char*> envp = ToArgv(environment);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execvpe(args[0].c_str(), argv.data(), envp.data());  // a bare name is looked up on PATH
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = DecodeWaitStatus(status);
  close(in_fd);
  close(out_fd);
  close(err_fd);
  result.out = Slurp(out_path);
  result.err = Slurp(err_path);
  std::remove(in_path);
  std::remove(out_path);
  std::remove(err_path);
  return result;
}

}  // namespace nianbao::testing
