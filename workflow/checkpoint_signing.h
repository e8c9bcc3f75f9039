// Ed25519 signatures over audit checkpoints (OpenSSL EVP). The server holds an AuditSigningKey
// read from a PEM file; anyone holding the exported public key can check a checkpoint with an
// AuditVerifyingKey, offline. Both classes are immutable after construction and thread-safe.
//
// The signed payload is text, so other systems can rebuild it without protobuf:
//   "nianbao.v1.AuditCheckpoint\n<sequence>\n<hex head_hash>\n<seconds>.<nanos, 9
//   digits>\n<key_id>\n"
// and for a checkpoint scoped to an agency, after that:
//   "agency\n<agency_id, C-escaped>\n<agency_sequence>\n<hex agency_head_hash>\n"
// (a global checkpoint's payload is unchanged from before agencies had chains).
#ifndef NIANBAO_WORKFLOW_CHECKPOINT_SIGNING_H_
#define NIANBAO_WORKFLOW_CHECKPOINT_SIGNING_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nianbao/v1/resources.pb.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace nianbao::workflow {

// The bytes a checkpoint's signature covers (every field but the signature).
std::string CheckpointSigningPayload(const nianbao::v1::AuditCheckpoint& checkpoint);

// Owns an EVP_PKEY.
struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* key) const;
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

class AuditSigningKey {
 public:
  // A fresh random key.
  static absl::StatusOr<std::unique_ptr<AuditSigningKey>> Generate();
  // Reads a PKCS#8 PEM private key; INVALID_ARGUMENT unless it is Ed25519, NOT_FOUND when the file
  // cannot be read.
  static absl::StatusOr<std::unique_ptr<AuditSigningKey>> FromPemFile(absl::string_view path);
  static absl::StatusOr<std::unique_ptr<AuditSigningKey>> FromPem(absl::string_view pem);
  // Reads the key at `path`, or generates one and writes it there (mode 0600) when the file does
  // not exist: "generate one if asked".
  static absl::StatusOr<std::unique_ptr<AuditSigningKey>> LoadOrCreate(absl::string_view path);

  // PKCS#8 PEM of the private key, for writing the key file.
  absl::StatusOr<std::string> PrivateKeyPem() const;
  // SubjectPublicKeyInfo PEM of the public key, for export.
  const std::string& public_key_pem() const { return public_key_pem_; }
  // Hex SHA-256 of the raw 32-byte public key.
  const std::string& key_id() const { return key_id_; }

  // A checkpoint of the chain head (`sequence`, `head_hash`) at `now`, signed.
  absl::StatusOr<nianbao::v1::AuditCheckpoint> Sign(int64_t sequence, absl::string_view head_hash,
                                                    absl::Time now) const;
  // A checkpoint of the global head and, at that head, of `agency_id`'s chain head
  // (`agency_sequence`, `agency_head_hash`; 0 and empty when the agency has no event yet), signed.
  // INVALID_ARGUMENT when agency_id is empty.
  absl::StatusOr<nianbao::v1::AuditCheckpoint> SignScoped(
      int64_t sequence, absl::string_view head_hash, absl::string_view agency_id,
      int64_t agency_sequence, absl::string_view agency_head_hash, absl::Time now) const;

 private:
  static absl::StatusOr<std::unique_ptr<AuditSigningKey>> FromKey(EvpPkeyPtr key);
  AuditSigningKey(EvpPkeyPtr key, std::string public_key_pem, std::string key_id);
  // Sets key_id and the signature of `checkpoint`, whose other fields are set.
  absl::StatusOr<nianbao::v1::AuditCheckpoint> SignFields(
      nianbao::v1::AuditCheckpoint checkpoint) const;
  EvpPkeyPtr key_;
  std::string public_key_pem_;
  std::string key_id_;
};

class AuditVerifyingKey {
 public:
  // Reads a SubjectPublicKeyInfo PEM; INVALID_ARGUMENT unless it is Ed25519.
  static absl::StatusOr<std::unique_ptr<AuditVerifyingKey>> FromPem(absl::string_view pem);
  static absl::StatusOr<std::unique_ptr<AuditVerifyingKey>> FromPemFile(absl::string_view path);

  const std::string& key_id() const { return key_id_; }

  // OK when `checkpoint` was signed by this key and is unchanged. FAILED_PRECONDITION when it names
  // another key; DATA_LOSS (the checkpoint was altered or forged) when the signature fails.
  [[nodiscard]] absl::Status Verify(const nianbao::v1::AuditCheckpoint& checkpoint) const;

 private:
  AuditVerifyingKey(EvpPkeyPtr key, std::string key_id);
  EvpPkeyPtr key_;
  std::string key_id_;
};

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_CHECKPOINT_SIGNING_H_
