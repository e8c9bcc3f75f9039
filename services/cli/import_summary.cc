#include "services/cli/import_summary.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace nianbao::cli {
namespace {

const char* FormatName(nianbao::v1::FormatVersion format) {
  switch (format) {
    case nianbao::v1::FORMAT_VERSION_2021:
      return "2021";
    case nianbao::v1::FORMAT_VERSION_2019:
      return "2019";
    case nianbao::v1::FORMAT_VERSION_MIXED:
      return "mixed";
    default:
      break;
  }
  return "";
}

enum class Status { kOk, kInvalid, kFailed };

Status StatusOf(const FileOutcome& outcome) {
  if (!outcome.error.empty() || !outcome.imported) return Status::kFailed;
  if (outcome.validated && outcome.validation_errors > 0) return Status::kInvalid;
  return Status::kOk;
}

// Columns a terminal gives the UTF-8 text: East Asian wide characters (CJK, full-width forms,
// Hangul) take two. An approximation of wcwidth that needs no locale.
size_t DisplayWidth(absl::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    uint32_t code = byte;
    size_t length = 1;
    if (byte >= 0xF0) {
      length = 4;
      code = byte & 0x07;
    } else if (byte >= 0xE0) {
      length = 3;
      code = byte & 0x0F;
    } else if (byte >= 0xC0) {
      length = 2;
      code = byte & 0x1F;
    }
    for (size_t k = 1; k < length && i + k < text.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    i += length;
    const bool wide = (code >= 0x1100 && code <= 0x115F) || (code >= 0x2E80 && code <= 0xA4CF) ||
                      (code >= 0xAC00 && code <= 0xD7A3) || (code >= 0xF900 && code <= 0xFAFF) ||
                      (code >= 0xFE30 && code <= 0xFE4F) || (code >= 0xFF00 && code <= 0xFF60) ||
                      (code >= 0xFFE0 && code <= 0xFFE6) || (code >= 0x20000 && code <= 0x3FFFD);
    width += wide ? 2 : 1;
  }
  return width;
}

std::string Count(int value) { return value < 0 ? "-" : absl::StrCat(value); }

// JSON string literal: quotes, backslashes and control characters escaped; UTF-8 kept.
std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  out += "\"";
  return out;
}

}  // namespace

bool CountsAsFailure(const FileOutcome& outcome) { return StatusOf(outcome) != Status::kOk; }

void PrintSummaryTable(const std::vector<FileOutcome>& outcomes, bool validated,
                       std::ostream& out) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"文件 file", "机关 agency", "年度 year", "格式 format",
                                     "导入警告 import warnings"};
  if (validated) {
    header.push_back("校验错误 errors");
    header.push_back("校验警告 warnings");
  }
  header.push_back("状态 status");
  rows.push_back(header);
  int ok = 0;
  for (const FileOutcome& outcome : outcomes) {
    const Status status = StatusOf(outcome);
    std::vector<std::string> row = {outcome.file};
    if (outcome.imported) {
      row.push_back(outcome.agency.empty() ? "-" : outcome.agency);
      row.push_back(outcome.year > 0 ? absl::StrCat(outcome.year) : "-");
      const std::string format = FormatName(outcome.format);
      row.push_back(format.empty() ? "-" : format);
      row.push_back(Count(outcome.import_warnings));
    } else {
      row.insert(row.end(), 4, "-");
    }
    if (validated) {
      row.push_back(outcome.validated ? Count(outcome.validation_errors) : "-");
      row.push_back(outcome.validated ? Count(outcome.validation_warnings) : "-");
    }
    row.push_back(status == Status::kOk        ? "成功 ok"
                  : status == Status::kInvalid ? "有错误 invalid"
                                               : "失败 failed");
    if (status == Status::kOk) ++ok;
    rows.push_back(std::move(row));
  }
  std::vector<size_t> widths(header.size(), 0);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      // The last column is not padded: no trailing blanks.
      if (c + 1 < row.size()) line += std::string(widths[c] - DisplayWidth(row[c]) + 2, ' ');
    }
    out << line << "\n";
  }
  bool any_error = false;
  for (const FileOutcome& outcome : outcomes) {
    if (outcome.error.empty()) continue;
    if (!any_error) out << "\n";
    any_error = true;
    out << outcome.file << ": " << outcome.error << "\n";
  }
  out << "\n共 " << outcomes.size() << " 个文件，成功 " << ok << " 个，失败或有错误 "
      << outcomes.size() - ok << " 个 / " << outcomes.size() << " files, " << ok << " ok, "
      << outcomes.size() - ok << " failed or invalid\n";
}

std::string SummaryJson(const std::vector<FileOutcome>& outcomes, bool validated) {
  std::string json = "{\"files\":[";
  int ok = 0;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const FileOutcome& outcome = outcomes[i];
    const Status status = StatusOf(outcome);
    if (status == Status::kOk) ++ok;
    if (i > 0) json += ",";
    absl::StrAppend(&json, "{\"file\":", JsonString(outcome.file),
                    ",\"output\":", JsonString(outcome.output), ",\"status\":\"",
                    status == Status::kOk        ? "ok"
                    : status == Status::kInvalid ? "invalid"
                                                 : "failed",
                    "\"");
    if (outcome.imported) {
      absl::StrAppend(&json, ",\"agency\":", JsonString(outcome.agency), ",\"year\":", outcome.year,
                      ",\"format\":\"", FormatName(outcome.format), "\"");
      if (outcome.import_warnings >= 0) {
        absl::StrAppend(&json, ",\"import_warnings\":", outcome.import_warnings);
      }
    }
    if (validated && outcome.validated) {
      absl::StrAppend(&json, ",\"validation_errors\":", outcome.validation_errors,
                      ",\"validation_warnings\":", outcome.validation_warnings);
    }
    if (!outcome.error.empty()) absl::StrAppend(&json, ",\"error\":", JsonString(outcome.error));
    json += "}";
  }
  absl::StrAppend(&json, "],\"total\":", outcomes.size(), ",\"ok\":", ok,
                  ",\"failed\":", outcomes.size() - ok, "}\n");
  return json;
}

}  // namespace nianbao::cli
