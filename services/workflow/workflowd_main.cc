// nianbao-workflowd: the workflow gRPC server (nianbao.v1.WorkflowService) over a RocksDB data
// directory, with health and reflection. On SIGTERM or SIGINT it lets in-flight calls finish, then
// closes the database cleanly. On SIGHUP (systemctl reload) it reads the principals file and the
// agency registry again and puts them in force if both are valid, without interrupting calls
// (workflow/agency_registry_source.h).
// With --restore_from it instead restores a backup into an empty data directory and exits
// (services/workflow/data_restore.h).
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <memory>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nianbao/config/v1/workflow_server.pb.h"
#include "nianbao/v1/admin.grpc.pb.h"
#include "nianbao/v1/agency.grpc.pb.h"
#include "nianbao/v1/audit.grpc.pb.h"
#include "nianbao/v1/office.grpc.pb.h"
#include "nianbao/v1/workflow.grpc.pb.h"
#include "services/common/server_bootstrap.h"
#include "services/common/tls_credentials.h"
#include "services/office/office_service.h"
#include "services/office/rollup_rebuild.h"
#include "services/workflow/admin_service.h"
#include "services/workflow/agency_service.h"
#include "services/workflow/audit_service.h"
#include "services/workflow/data_restore.h"
#include "services/workflow/validation_client.h"
#include "services/workflow/workflow_core.h"
#include "services/workflow/workflow_service.h"
#include "storage/rocks_report_store.h"
#include "workflow/agency_registry.h"
#include "workflow/agency_registry_source.h"
#include "workflow/audit_chain.h"
#include "workflow/checkpoint_signing.h"
#include "workflow/principals.h"

ABSL_FLAG(std::string, data_dir, "",
          "RocksDB data directory (数据目录); overrides the config file");
ABSL_FLAG(std::string, validation_address, "",
          "nianbao-validatord address host:port; overrides the config file");
ABSL_FLAG(std::string, token_file, "",
          "principals file (PrincipalsConfig, text format); overrides the config file");
ABSL_FLAG(std::string, agencies_file, "",
          "agency registry (AgencyRegistryConfig, text format); overrides the config file");
ABSL_FLAG(std::string, audit_key_file, "",
          "Ed25519 PEM key that signs audit checkpoints; created when missing (default "
          "DATA_DIR/audit-signing-key.pem)");
ABSL_FLAG(std::string, validation_tls_ca_file, "",
          "CAs (PEM) of nianbao-validatord's certificate: call it over TLS; overrides "
          "validation_tls.ca_file");
ABSL_FLAG(std::string, validation_tls_cert_file, "",
          "client certificate chain (PEM) for a nianbao-validatord that requires one; overrides "
          "validation_tls.cert_file");
ABSL_FLAG(std::string, validation_tls_key_file, "",
          "the client certificate's key (PEM); overrides validation_tls.key_file");
ABSL_FLAG(std::string, backup_dir, "",
          "where AdminService.CreateBackup writes when a request names no directory; overrides "
          "the config file");
ABSL_FLAG(std::string, restore_from, "",
          "restore a backup directory into --data_dir (which must be missing or empty) and exit, "
          "without serving (从备份恢复)");
ABSL_FLAG(uint32_t, backup_id, 0, "with --restore_from: the backup to restore (0: the latest)");
ABSL_FLAG(bool, read_only, false,
          "open the data directory read-only to salvage it (数据抢救): what precedes damage to the "
          "write-ahead log is served for reading and export, every change is refused");
ABSL_FLAG(int, reserved_disk_mb, 64,
          "free space (MiB) kept on the data directory's disk: below it writes are refused with "
          "RESOURCE_EXHAUSTED and health is NOT_SERVING until space is freed (0: none)");
ABSL_FLAG(std::string, trusted_gateway_subjects, "",
          "comma-separated client certificate subjects of HTTP gateways whose x-forwarded-for "
          "address is recorded; overrides the config's trusted_gateway_subjects");
ABSL_FLAG(bool, distrust_loopback_gateway, false,
          "ignore x-forwarded-for from loopback callers too (default: a gateway on loopback is "
          "trusted); or the config's distrust_loopback_gateway");
ABSL_FLAG(absl::Duration, audit_checkpoint_interval, absl::Minutes(5),
          "how often the audit chain head is signed");

namespace {

constexpr char kDefaultListen[] = "127.0.0.1:50062";

int Fail(int code, absl::string_view message) {
  std::cerr << "nianbao-workflowd: " << message << std::endl;
  return code;
}

void SealWithWorkflowChain(nianbao::v1::AuditEvent* event) {
  *event = nianbao::workflow::SealAuditEvent(*event, event->previous_hash(),
                                             event->report_previous_hash());
}

// --restore_from: restores, prints what was restored, exits 0 (1 when refused or failed).
int Restore(const std::string& data_dir) {
  nianbao::workflow_service::RestoreOptions restore;
  restore.backup_dir = absl::GetFlag(FLAGS_restore_from);
  restore.backup_id = absl::GetFlag(FLAGS_backup_id);
  restore.data_dir = data_dir;
  restore.audit_key_file = absl::GetFlag(FLAGS_audit_key_file);
  const passwd* user = getpwuid(geteuid());
  restore.actor = absl::StrCat("restore:", user != nullptr ? user->pw_name : "unknown");
  restore.audit_sealer = SealWithWorkflowChain;
  absl::StatusOr<nianbao::workflow_service::RestoreSummary> restored =
      nianbao::workflow_service::RestoreDataDirectory(restore);
  if (!restored.ok()) return Fail(1, restored.status().message());
  std::cout << "已恢复 restored backup " << restored->backup.backup_id << " of "
            << restore.backup_dir << " into " << data_dir << ": audit head "
            << restored->backup.audit_head.sequence << ", restore event "
            << restored->restore_event_sequence << ", signing key " << restored->audit_key_id
            << " at " << restored->audit_key_file << std::endl;
  return 0;
}

// SIGHUP: reads the principals file and the registry again and puts both in force, or neither
// (they are checked against each other: every agency a principal is bound to must be registered);
// logs one line saying what is in force, or which file was refused and why.
void ReloadConfiguration(const std::string& principals_path,
                         nianbao::workflow::PrincipalDirectory* principals,
                         nianbao::workflow::AgencyRegistrySource* agencies) {
  absl::StatusOr<std::unique_ptr<nianbao::workflow::PrincipalDirectory>> fresh =
      nianbao::workflow::PrincipalDirectory::LoadFromFile(principals_path);
  if (!fresh.ok()) {
    std::cerr << "SIGHUP：用户配置文件 " << principals_path
              << " 未重新加载，仍使用原用户配置和机关登记：" << fresh.status().message()
              << " (the principals file " << principals_path
              << " was not reloaded; the principals and agency registry in force stay)"
              << std::endl;
    return;
  }
  std::string registry_line;
  if (agencies != nullptr) {
    absl::StatusOr<nianbao::workflow::AgencyRegistryVersion> reloaded =
        agencies->Reload([&fresh](const nianbao::workflow::AgencyRegistry& registry) {
          return registry.CheckRoleBindings(**fresh);
        });
    if (!reloaded.ok()) {
      std::cerr << "SIGHUP："
                << nianbao::workflow::DescribeReloadFailure(agencies->path(), reloaded.status())
                << "；用户配置亦未重新加载 (nor was the principals file)；在用 (in force) "
                << nianbao::workflow::DescribeVersion(agencies->version()) << std::endl;
      return;
    }
    registry_line =
        absl::StrCat("已重新加载机关登记 ", agencies->path(), " (reloaded the agency registry)：",
                     nianbao::workflow::DescribeVersion(*reloaded), "；");
  }
  principals->ReplaceWith(**fresh);
  std::cerr << "SIGHUP：" << registry_line << "已重新加载用户配置 " << principals_path << "："
            << (*fresh)->size() << " 个用户 (reloaded the principals file: " << (*fresh)->size()
            << " principals)" << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "nianbao-workflowd: 年报审批发布服务 (annual report workflow service).\n"
      "  nianbao-workflowd --data_dir=DIR --validation_address=HOST:PORT --token_file=FILE\n"
      "                    [--listen=HOST:PORT] [--config=FILE] [--port_file=FILE]\n"
      "  nianbao-workflowd --restore_from=BACKUP_DIR [--backup_id=N] --data_dir=NEW_DIR");
  // Until the server is up (RunServerUntilSignal handles it), a SIGHUP — `systemctl reload` during
  // a long start — is ignored instead of ending the process: the files are being read anyway.
  signal(SIGHUP, SIG_IGN);
  absl::ParseCommandLine(argc, argv);
  nianbao::config::v1::WorkflowServerConfig config;
  if (absl::Status s = nianbao::service::LoadConfigFromFlags(&config); !s.ok()) {
    return Fail(2, s.message());
  }
  using nianbao::service::OverrideWithFlag;
  OverrideWithFlag(FLAGS_data_dir, config.mutable_data_dir());
  OverrideWithFlag(FLAGS_validation_address, config.mutable_validation_address());
  OverrideWithFlag(FLAGS_token_file, config.mutable_token_file());
  OverrideWithFlag(FLAGS_agencies_file, config.mutable_agencies_file());
  OverrideWithFlag(FLAGS_backup_dir, config.mutable_backup_dir());
  if (const std::string subjects = absl::GetFlag(FLAGS_trusted_gateway_subjects);
      !subjects.empty()) {
    config.clear_trusted_gateway_subjects();
    for (absl::string_view subject : absl::StrSplit(subjects, ',', absl::SkipWhitespace())) {
      config.add_trusted_gateway_subjects(std::string(subject));
    }
  }
  if (absl::GetFlag(FLAGS_distrust_loopback_gateway)) config.set_distrust_loopback_gateway(true);
  nianbao::workflow_service::SetGatewayTrust(
      {!config.distrust_loopback_gateway(),
       {config.trusted_gateway_subjects().begin(), config.trusted_gateway_subjects().end()}});
  nianbao::config::v1::ClientTlsConfig& validation_tls = *config.mutable_validation_tls();
  OverrideWithFlag(FLAGS_validation_tls_ca_file, validation_tls.mutable_ca_file());
  OverrideWithFlag(FLAGS_validation_tls_cert_file, validation_tls.mutable_cert_file());
  OverrideWithFlag(FLAGS_validation_tls_key_file, validation_tls.mutable_key_file());
  if (config.data_dir().empty()) return Fail(2, "缺少 --data_dir (data_dir is required)");
  if (!absl::GetFlag(FLAGS_restore_from).empty()) return Restore(config.data_dir());
  if (config.validation_address().empty()) {
    return Fail(2, "缺少 --validation_address (validation_address is required)");
  }
  if (config.token_file().empty()) return Fail(2, "缺少 --token_file (token_file is required)");
  // Both TLS settings are checked before the data directory or the audit key is touched.
  absl::StatusOr<nianbao::service::ServerOptions> options =
      nianbao::service::PrepareServerOptions(config.server(), kDefaultListen);
  if (!options.ok()) return Fail(2, options.status().message());
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> validation_credentials =
      nianbao::service::MakeChannelCredentials(config.validation_tls());
  if (!validation_credentials.ok()) return Fail(2, validation_credentials.status().message());

  absl::StatusOr<std::unique_ptr<nianbao::workflow::PrincipalDirectory>> principals =
      nianbao::workflow::PrincipalDirectory::LoadFromFile(config.token_file());
  if (!principals.ok()) return Fail(2, principals.status().message());
  // The registry in force; every call takes a snapshot of it, and SIGHUP reloads it. A reloaded
  // file must still register every agency the principals bind roles for, as at start.
  std::unique_ptr<nianbao::workflow::AgencyRegistrySource> agencies;
  if (!config.agencies_file().empty()) {
    absl::StatusOr<std::unique_ptr<nianbao::workflow::AgencyRegistrySource>> loaded =
        nianbao::workflow::AgencyRegistrySource::Load(
            config.agencies_file(),
            [principals = principals->get()](const nianbao::workflow::AgencyRegistry& registry) {
              return registry.CheckRoleBindings(*principals);
            });
    if (!loaded.ok()) return Fail(2, loaded.status().message());
    agencies = *std::move(loaded);
    std::cerr << "机关登记 " << agencies->path() << "："
              << nianbao::workflow::DescribeVersion(agencies->version()) << std::endl;
  } else {
    std::cerr << "未配置机关登记文件：不核对报告所署机关 (no agencies_file: reports' agencies are "
                 "not checked against a registry)"
              << std::endl;
  }

  nianbao::storage::RocksReportStoreOptions store_options;
  store_options.path = config.data_dir();
  store_options.audit_sealer = SealWithWorkflowChain;
  store_options.read_only = absl::GetFlag(FLAGS_read_only);
  store_options.reserved_disk_bytes =
      static_cast<uint64_t>(std::max(0, absl::GetFlag(FLAGS_reserved_disk_mb))) << 20;
  if (config.request_ttl_seconds() < 0) {
    return Fail(2, "request_ttl_seconds 不能为负数 (request_ttl_seconds must not be negative)");
  }
  if (config.request_ttl_seconds() > 0) {
    store_options.request_ttl = absl::Seconds(config.request_ttl_seconds());
  }
  if (store_options.read_only) {
    std::cerr << "只读抢救模式：数据目录以只读方式打开，拒绝一切修改 (read-only salvage: the data "
                 "directory is opened read-only and every change is refused)"
              << std::endl;
  }
  absl::StatusOr<std::unique_ptr<nianbao::storage::RocksReportStore>> store =
      nianbao::storage::RocksReportStore::Open(std::move(store_options));
  if (!store.ok()) return Fail(1, store.status().ToString());
  if (!absl::GetFlag(FLAGS_read_only)) {
    // A database from before the office's roll-up was kept gets its contributions once, before
    // anything is served (so no publication races the rebuild).
    absl::StatusOr<nianbao::office::RebuildSummary> rebuilt =
        nianbao::office::RebuildContributionsIfMissing(store->get());
    if (!rebuilt.ok()) return Fail(1, rebuilt.status().ToString());
    if (rebuilt->rebuilt) {
      std::cerr << "已为 " << rebuilt->contributions
                << " 份已发布报告建立汇总数据 (built the office roll-up contributions of "
                << rebuilt->contributions << " published reports, once)" << std::endl;
    }
  }

  nianbao::workflow_service::ValidationClientOptions validation_options;
  validation_options.address = config.validation_address();
  if (config.validation_deadline_ms() > 0) {
    validation_options.deadline = absl::Milliseconds(config.validation_deadline_ms());
  }
  if (config.validation_attempts() > 0) validation_options.attempts = config.validation_attempts();
  validation_options.credentials = *std::move(validation_credentials);
  nianbao::workflow_service::ValidationClient validator(validation_options);
  nianbao::workflow_service::WorkflowCore core(store->get(), &validator, agencies.get());
  nianbao::workflow_service::ReportFeed feed(store->get(), agencies.get());
  nianbao::workflow_service::WorkflowServiceImpl service(&core, principals->get(), &feed);

  const std::string audit_key_file = absl::GetFlag(FLAGS_audit_key_file).empty()
                                         ? config.data_dir() + "/audit-signing-key.pem"
                                         : absl::GetFlag(FLAGS_audit_key_file);
  absl::StatusOr<std::unique_ptr<nianbao::workflow::AuditSigningKey>> audit_key =
      nianbao::workflow::AuditSigningKey::LoadOrCreate(audit_key_file);
  if (!audit_key.ok()) return Fail(2, audit_key.status().ToString());
  nianbao::workflow_service::AuditCore audit_core(store->get(), audit_key->get());
  nianbao::workflow_service::AuditServiceImpl audit_service(&audit_core, principals->get());
  nianbao::workflow_service::AdminCoreOptions admin_options;
  admin_options.default_backup_dir = config.backup_dir();
  admin_options.default_keep = config.backup_keep();
  nianbao::workflow_service::AdminCore admin_core(store->get(), audit_key->get(),
                                                  std::move(admin_options));
  nianbao::workflow_service::AdminServiceImpl admin_service(&admin_core, principals->get());
  // Without a registry file no agency is registered: GetAgency is NOT_FOUND, ListAgencies empty.
  nianbao::workflow_service::AgencyCore agency_core(agencies.get());
  nianbao::workflow_service::AgencyServiceImpl agency_service(&agency_core, principals->get());
  // The upper-level office's filing status and roll-up over the registry's subtrees.
  nianbao::office::OfficeCore office_core(store->get(), agencies.get());
  nianbao::office::OfficeServiceImpl office_service(&office_core, principals->get());
  nianbao::workflow_service::AuditCheckpointer checkpointer(
      &audit_core, absl::GetFlag(FLAGS_audit_checkpoint_interval));

  // Health says NOT_SERVING while the store cannot write (a full disk, a failed write RocksDB
  // has not resumed from, read-only salvage).
  options->serving_probe = [store = store->get()] { return store->WriteHealth(); };
  // Following feeds end when shutdown starts; their consumers resume elsewhere from their cursor.
  options->before_shutdown = [&feed] { feed.Stop(); };
  // SIGHUP: both files are read again; when either fails a check, both in force stay.
  options->on_reload = [path = config.token_file(), principals = principals->get(),
                        source = agencies.get()] { ReloadConfiguration(path, principals, source); };
  absl::Status served = nianbao::service::RunServerUntilSignal(
      *options,
      {{&service, nianbao::v1::WorkflowService::service_full_name()},
       {&audit_service, nianbao::v1::AuditService::service_full_name()},
       {&admin_service, nianbao::v1::AdminService::service_full_name()},
       {&agency_service, nianbao::v1::AgencyService::service_full_name()},
       {&office_service, nianbao::v1::OfficeService::service_full_name()}},
      [&store, &checkpointer] {
        checkpointer.Stop();
        store->reset(); /* closes RocksDB after the last call */
      });
  if (!served.ok()) return Fail(1, served.message());
  return 0;
}
