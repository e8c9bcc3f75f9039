#include "workflow/checkpoint_signing.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "workflow/digest.h"
#include "workflow/text_config.h"
#include "workflow/timestamps.h"

namespace nianbao::workflow {
namespace {

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

absl::StatusOr<std::string> RawPublicKey(EVP_PKEY* key) {
  size_t size = 0;
  if (EVP_PKEY_get_raw_public_key(key, nullptr, &size) != 1) {
    return absl::InternalError("cannot read the raw public key");
  }
  std::string raw(size, '\0');
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &size) != 1) {
    return absl::InternalError("cannot read the raw public key");
  }
  return raw;
}

absl::Status RequireEd25519(EVP_PKEY* key, absl::string_view what) {
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("不是有效的 PEM ", what, " (not a PEM ", what, ")"));
  }
  if (EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
    return absl::InvalidArgumentError(
        absl::StrCat("密钥不是 Ed25519 (the ", what, " is not an Ed25519 key)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> KeyIdOf(EVP_PKEY* key) {
  absl::StatusOr<std::string> raw = RawPublicKey(key);
  if (!raw.ok()) return raw.status();
  return HexEncode(Sha256(*raw));
}

}  // namespace

void EvpPkeyDeleter::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

std::string CheckpointSigningPayload(const nianbao::v1::AuditCheckpoint& checkpoint) {
  std::string payload =
      absl::StrFormat("nianbao.v1.AuditCheckpoint\n%d\n%s\n%d.%09d\n%s\n", checkpoint.sequence(),
                      HexEncode(checkpoint.head_hash()), checkpoint.time().seconds(),
                      checkpoint.time().nanos(), checkpoint.key_id());
  // A scoped checkpoint signs its agency's head too. Escaped, an agency id cannot add lines; a
  // global checkpoint's payload stays what it was before agency chains existed.
  if (!checkpoint.agency_id().empty() || checkpoint.agency_sequence() != 0 ||
      !checkpoint.agency_head_hash().empty()) {
    absl::StrAppendFormat(&payload, "agency\n%s\n%d\n%s\n", absl::CEscape(checkpoint.agency_id()),
                          checkpoint.agency_sequence(), HexEncode(checkpoint.agency_head_hash()));
  }
  return payload;
}

AuditSigningKey::AuditSigningKey(EvpPkeyPtr key, std::string public_key_pem, std::string key_id)
    : key_(std::move(key)),
      public_key_pem_(std::move(public_key_pem)),
      key_id_(std::move(key_id)) {}

absl::StatusOr<std::unique_ptr<AuditSigningKey>> AuditSigningKey::FromKey(EvpPkeyPtr key) {
  if (absl::Status s = RequireEd25519(key.get(), "private key"); !s.ok()) return s;
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) {
    return absl::InternalError("cannot export the public key");
  }
  absl::StatusOr<std::string> key_id = KeyIdOf(key.get());
  if (!key_id.ok()) return key_id.status();
  return std::unique_ptr<AuditSigningKey>(
      new AuditSigningKey(std::move(key), BioContents(bio.get()), *std::move(key_id)));
}

absl::StatusOr<std::unique_ptr<AuditSigningKey>> AuditSigningKey::Generate() {
  EVP_PKEY* raw = nullptr;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
  if (!context || EVP_PKEY_keygen_init(context.get()) != 1 ||
      EVP_PKEY_keygen(context.get(), &raw) != 1) {
    return absl::InternalError("cannot generate an Ed25519 key");
  }
  return FromKey(EvpPkeyPtr(raw));
}

absl::StatusOr<std::unique_ptr<AuditSigningKey>> AuditSigningKey::FromPem(absl::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return FromKey(EvpPkeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)));
}

absl::StatusOr<std::unique_ptr<AuditSigningKey>> AuditSigningKey::FromPemFile(
    absl::string_view path) {
  absl::StatusOr<std::string> pem = ReadConfigFile(path, "密钥文件", "key file");
  if (!pem.ok()) return pem.status();
  return FromPem(*pem);
}

absl::StatusOr<std::unique_ptr<AuditSigningKey>> AuditSigningKey::LoadOrCreate(
    absl::string_view path) {
  const std::string file(path);
  if (access(file.c_str(), F_OK) == 0) return FromPemFile(path);
  absl::StatusOr<std::unique_ptr<AuditSigningKey>> key = Generate();
  if (!key.ok()) return key.status();
  absl::StatusOr<std::string> pem = (*key)->PrivateKeyPem();
  if (!pem.ok()) return pem.status();
  // O_EXCL: never overwrite a key another process wrote meanwhile.
  const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    return absl::PermissionDeniedError(absl::StrCat("无法写入密钥文件 (cannot create key file) ",
                                                    path, ": ", std::strerror(errno)));
  }
  const bool written =
      write(fd, pem->data(), pem->size()) == static_cast<ssize_t>(pem->size()) && fsync(fd) == 0;
  close(fd);
  if (!written) return absl::InternalError(absl::StrCat("cannot write key file ", path));
  return key;
}

absl::StatusOr<std::string> AuditSigningKey::PrivateKeyPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return absl::InternalError("cannot export the private key");
  }
  return BioContents(bio.get());
}

absl::StatusOr<nianbao::v1::AuditCheckpoint> AuditSigningKey::Sign(int64_t sequence,
                                                                   absl::string_view head_hash,
                                                                   absl::Time now) const {
  nianbao::v1::AuditCheckpoint checkpoint;
  checkpoint.set_sequence(sequence);
  checkpoint.set_head_hash(std::string(head_hash));
  *checkpoint.mutable_time() = ToTimestamp(now);
  return SignFields(std::move(checkpoint));
}

absl::StatusOr<nianbao::v1::AuditCheckpoint> AuditSigningKey::SignScoped(
    int64_t sequence, absl::string_view head_hash, absl::string_view agency_id,
    int64_t agency_sequence, absl::string_view agency_head_hash, absl::Time now) const {
  if (agency_id.empty()) {
    return absl::InvalidArgumentError("a scoped checkpoint needs an agency_id");
  }
  nianbao::v1::AuditCheckpoint checkpoint;
  checkpoint.set_sequence(sequence);
  checkpoint.set_head_hash(std::string(head_hash));
  *checkpoint.mutable_time() = ToTimestamp(now);
  checkpoint.set_agency_id(std::string(agency_id));
  checkpoint.set_agency_sequence(agency_sequence);
  checkpoint.set_agency_head_hash(std::string(agency_head_hash));
  return SignFields(std::move(checkpoint));
}

absl::StatusOr<nianbao::v1::AuditCheckpoint> AuditSigningKey::SignFields(
    nianbao::v1::AuditCheckpoint checkpoint) const {
  checkpoint.set_key_id(key_id_);
  const std::string payload = CheckpointSigningPayload(checkpoint);
  MdCtxPtr context(EVP_MD_CTX_new());
  size_t size = 0;
  if (!context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &size,
                     reinterpret_cast<const unsigned char*>(payload.data()), payload.size()) != 1) {
    return absl::InternalError("cannot sign the checkpoint");
  }
  std::string signature(size, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(payload.data()), payload.size()) != 1) {
    return absl::InternalError("cannot sign the checkpoint");
  }
  signature.resize(size);
  checkpoint.set_signature(signature);
  return checkpoint;
}

AuditVerifyingKey::AuditVerifyingKey(EvpPkeyPtr key, std::string key_id)
    : key_(std::move(key)), key_id_(std::move(key_id)) {}

absl::StatusOr<std::unique_ptr<AuditVerifyingKey>> AuditVerifyingKey::FromPem(
    absl::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EvpPkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (absl::Status s = RequireEd25519(key.get(), "public key"); !s.ok()) return s;
  absl::StatusOr<std::string> key_id = KeyIdOf(key.get());
  if (!key_id.ok()) return key_id.status();
  return std::unique_ptr<AuditVerifyingKey>(
      new AuditVerifyingKey(std::move(key), *std::move(key_id)));
}

absl::StatusOr<std::unique_ptr<AuditVerifyingKey>> AuditVerifyingKey::FromPemFile(
    absl::string_view path) {
  absl::StatusOr<std::string> pem = ReadConfigFile(path, "密钥文件", "key file");
  if (!pem.ok()) return pem.status();
  return FromPem(*pem);
}

absl::Status AuditVerifyingKey::Verify(const nianbao::v1::AuditCheckpoint& checkpoint) const {
  if (checkpoint.key_id() != key_id_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "检查点由另一密钥签名 (checkpoint signed by another key: ", checkpoint.key_id(),
        ", expected ", key_id_, ")"));
  }
  const std::string payload = CheckpointSigningPayload(checkpoint);
  MdCtxPtr context(EVP_MD_CTX_new());
  if (!context || EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestVerify(
          context.get(), reinterpret_cast<const unsigned char*>(checkpoint.signature().data()),
          checkpoint.signature().size(), reinterpret_cast<const unsigned char*>(payload.data()),
          payload.size()) != 1) {
    return absl::DataLossError(
        absl::StrCat("检查点签名无效 (checkpoint signature invalid: sequence ",
                     checkpoint.sequence(), " was altered or forged)"));
  }
  return absl::OkStatus();
}

}  // namespace nianbao::workflow
