#include "workflow/agency_hierarchy.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workflow/status_details.h"

namespace nianbao::workflow {
namespace {

using nianbao::config::v1::Agency;
using nianbao::config::v1::AgencyRegistryConfig;

absl::Status ParentError(int index, absl::string_view zh, absl::string_view en) {
  return InvalidField(
      absl::StrCat("agencies[", index, "].parent_agency_id"),
      {absl::StrCat("机关登记文件错误：", zh), absl::StrCat("agency registry: ", en)});
}

const std::vector<std::string>& EmptyIds() {
  static const auto* const kEmpty = new std::vector<std::string>();
  return *kEmpty;
}

}  // namespace

absl::StatusOr<AgencyHierarchy> AgencyHierarchy::Build(const AgencyRegistryConfig& config) {
  absl::flat_hash_map<absl::string_view, int> index_of;
  for (int i = 0; i < config.agencies_size(); ++i) index_of[config.agencies(i).agency_id()] = i;

  for (int i = 0; i < config.agencies_size(); ++i) {
    const Agency& agency = config.agencies(i);
    const std::string& parent = agency.parent_agency_id();
    if (parent.empty()) continue;
    if (parent == agency.agency_id()) {
      return ParentError(i, absl::StrCat("机关“", agency.agency_id(), "”不能是自己的上级机关"),
                         absl::StrCat("agency '", agency.agency_id(), "' is its own parent"));
    }
    if (!index_of.contains(parent)) {
      return ParentError(
          i, absl::StrCat("机关“", agency.agency_id(), "”的上级机关“", parent, "”未在本文件登记"),
          absl::StrCat("the parent '", parent, "' of agency '", agency.agency_id(),
                       "' is not registered in this file"));
    }
  }

  // Walks up from every agency; a walk that meets an agency it has already passed has found a
  // cycle. `state` 0: not seen, 1: on the current walk, 2: known to reach the top.
  std::vector<int> state(config.agencies_size(), 0);
  for (int start = 0; start < config.agencies_size(); ++start) {
    std::vector<int> walk;
    int at = start;
    while (at >= 0 && state[at] == 0) {
      state[at] = 1;
      walk.push_back(at);
      const std::string& parent = config.agencies(at).parent_agency_id();
      at = parent.empty() ? -1 : index_of.at(parent);
    }
    if (at >= 0 && state[at] == 1) {
      std::vector<int> cycle(std::find(walk.begin(), walk.end(), at), walk.end());
      // Told from the cycle's first entry in the file, so that the error names the same entry
      // and reads the same whichever agency the walk began from.
      std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
      std::vector<std::string> zh, en;
      for (int member_index : cycle) {
        const Agency& member = config.agencies(member_index);
        zh.push_back(absl::StrCat(member.agency_id(), "（", member.name(), "）"));
        en.push_back(absl::StrCat(member.agency_id(), " (", member.name(), ")"));
      }
      zh.push_back(config.agencies(cycle.front()).agency_id());
      en.push_back(config.agencies(cycle.front()).agency_id());
      return ParentError(cycle.front(),
                         absl::StrCat("上级机关关系成环：", absl::StrJoin(zh, " → "),
                                      "，没有机关可以是自己的上级"),
                         absl::StrCat("agencies are their own ancestors, in a cycle of parents: ",
                                      absl::StrJoin(en, " -> ")));
    }
    for (int member : walk) state[member] = 2;
  }

  AgencyHierarchy hierarchy;
  for (const Agency& agency : config.agencies()) {
    hierarchy.nodes_[agency.agency_id()].parent = agency.parent_agency_id();
  }
  for (auto& [id, node] : hierarchy.nodes_) {
    if (!node.parent.empty()) hierarchy.nodes_[node.parent].children.push_back(id);
    // Acyclic (checked above), so this walk to the top ends.
    for (const std::string* above = &id; !above->empty();
         above = &hierarchy.nodes_.find(*above)->second.parent) {
      hierarchy.nodes_.find(*above)->second.subtree.push_back(id);
    }
  }
  for (auto& [id, node] : hierarchy.nodes_) {
    // Children were added in id order already (the map is ordered); subtrees were not.
    std::sort(node.subtree.begin(), node.subtree.end());
  }
  return hierarchy;
}

const std::vector<std::string>& AgencyHierarchy::Children(absl::string_view agency_id) const {
  auto it = nodes_.find(agency_id);
  return it == nodes_.end() ? EmptyIds() : it->second.children;
}

absl::string_view AgencyHierarchy::ParentOf(absl::string_view agency_id) const {
  auto it = nodes_.find(agency_id);
  return it == nodes_.end() ? absl::string_view() : it->second.parent;
}

bool AgencyHierarchy::IsInSubtree(absl::string_view agency_id, absl::string_view root_id) const {
  const std::vector<std::string>& subtree = SubtreeIds(root_id);
  return std::binary_search(subtree.begin(), subtree.end(), agency_id,
                            [](absl::string_view a, absl::string_view b) { return a < b; });
}

const std::vector<std::string>& AgencyHierarchy::SubtreeIds(absl::string_view root_id) const {
  auto it = nodes_.find(root_id);
  return it == nodes_.end() ? EmptyIds() : it->second.subtree;
}

}  // namespace nianbao::workflow
