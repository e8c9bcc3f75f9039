#include "services/office/office_paging.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "workflow/digest.h"
#include "workflow/request_limits.h"
#include "workflow/resource_names.h"
#include "workflow/status_details.h"

namespace nianbao::office::internal {

namespace wf = ::nianbao::workflow;

absl::StatusOr<int> EffectivePageSize(int32_t page_size) {
  if (page_size < 0) {
    return wf::InvalidField("page_size", {"每页条数不能为负数", "page_size must not be negative"});
  }
  if (page_size == 0) return kDefaultPageSize;
  return std::min<int>(page_size, kMaxPageSize);
}

std::string QueryFingerprint(absl::string_view method, const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> query(request.New());
  query->CopyFrom(request);
  for (const char* name : {"page_size", "page_token"}) {
    const google::protobuf::FieldDescriptor* field = query->GetDescriptor()->FindFieldByName(name);
    if (field != nullptr) query->GetReflection()->ClearField(query.get(), field);
  }
  return wf::HexEncode(wf::Sha256(absl::StrCat(method, ":", wf::DeterministicSerialize(*query))))
      .substr(0, 16);
}

std::string EncodePageToken(absl::string_view last_agency_id, absl::string_view fingerprint) {
  return absl::WebSafeBase64Escape(absl::StrCat("o1:", fingerprint, ":", last_agency_id));
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token,
                                            absl::string_view fingerprint) {
  if (token.empty()) return std::string();
  if (token.size() > wf::kMaxPageTokenBytes) {
    return wf::InvalidField("page_token", {"分页令牌过长", "page_token is too long"});
  }
  std::string raw;
  std::vector<std::string> parts;
  if (absl::WebSafeBase64Unescape(token, &raw)) parts = absl::StrSplit(raw, ':');
  if (parts.size() != 3 || parts[0] != "o1" || !wf::IsValidAgencyId(parts[2])) {
    return wf::InvalidField("page_token", {"分页令牌无效：不是本服务签发的",
                                           "page_token is not one this service issued"});
  }
  if (parts[1] != fingerprint) {
    return wf::InvalidField("page_token",
                            {"分页令牌与查询条件不符：翻页时请保持上级机关、年度和类型不变",
                             "page_token was issued for another query (parent, report_year and "
                             "kind must stay the same across pages)"});
  }
  return std::move(parts[2]);
}

std::string EncodeOffsetToken(int64_t offset, absl::string_view fingerprint) {
  return absl::WebSafeBase64Escape(absl::StrCat("n1:", fingerprint, ":", offset));
}

absl::StatusOr<int64_t> DecodeOffsetToken(absl::string_view token, absl::string_view fingerprint) {
  if (token.empty()) return 0;
  std::string raw;
  std::vector<std::string> parts;
  if (token.size() <= wf::kMaxPageTokenBytes && absl::WebSafeBase64Unescape(token, &raw)) {
    parts = absl::StrSplit(raw, ':');
  }
  int64_t offset = 0;
  if (parts.size() != 3 || parts[0] != "n1" || !absl::SimpleAtoi(parts[2], &offset) || offset < 0) {
    return wf::InvalidField("page_token", {"分页令牌无效：不是本服务签发的",
                                           "page_token is not one this service issued"});
  }
  if (parts[1] != fingerprint) {
    return wf::InvalidField("page_token",
                            {"分页令牌与查询条件不符：翻页时请保持上级机关和年度不变",
                             "page_token was issued for another query (parent and report_year "
                             "must stay the same across pages)"});
  }
  return offset;
}

}  // namespace nianbao::office::internal
