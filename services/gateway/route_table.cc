// Routes from descriptors: the google.api.http rules of every method, read by reflection.
#include <google/protobuf/descriptor.pb.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/api/annotations.pb.h"
#include "google/api/http.pb.h"
#include "services/gateway/transcoder.h"

namespace nianbao::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;

absl::Status RuleError(const MethodDescriptor& method, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("HTTP 规则无效 (invalid google.api.http rule) on ",
                                                 method.full_name(), ": ", why));
}

// The method's google.api.http rule, whatever pool it came from: the options are re-read through
// the generated MethodOptions, which knows the extension (a pool built from a descriptor set keeps
// custom options as unknown fields).
std::optional<google::api::HttpRule> HttpRuleOf(const MethodDescriptor& method) {
  google::protobuf::MethodOptions options;
  if (!options.ParseFromString(method.options().SerializeAsString()) ||
      !options.HasExtension(google::api::http)) {
    return std::nullopt;
  }
  return options.GetExtension(google::api::http);
}

std::pair<std::string, std::string> VerbAndPath(const google::api::HttpRule& rule) {
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet:
      return {"GET", rule.get()};
    case google::api::HttpRule::kPut:
      return {"PUT", rule.put()};
    case google::api::HttpRule::kPost:
      return {"POST", rule.post()};
    case google::api::HttpRule::kDelete:
      return {"DELETE", rule.delete_()};
    case google::api::HttpRule::kPatch:
      return {"PATCH", rule.patch()};
    case google::api::HttpRule::kCustom:
      return {rule.custom().kind(), rule.custom().path()};
    case google::api::HttpRule::PATTERN_NOT_SET:
      break;
  }
  return {"", ""};
}

// A path variable must name a singular, non-message field (through singular messages).
bool IsBindableField(const Descriptor& message, absl::string_view field_path) {
  const Descriptor* current = &message;
  const FieldDescriptor* field = nullptr;
  for (absl::string_view name : absl::StrSplit(field_path, '.')) {
    if (current == nullptr) return false;
    field = current->FindFieldByName(std::string(name));
    if (field == nullptr || field->is_repeated()) return false;
    current = field->message_type();
  }
  return field != nullptr && field->message_type() == nullptr;
}

absl::StatusOr<RestRoute> RouteFromRule(const RpcMethod& method,
                                        const google::api::HttpRule& rule) {
  const MethodDescriptor& descriptor = *method.descriptor;
  auto [verb, path] = VerbAndPath(rule);
  if (verb.empty() || path.empty()) return RuleError(descriptor, "no verb or path");
  if (method.client_streaming) return RuleError(descriptor, "client streaming has no REST form");
  absl::StatusOr<PathTemplate> parsed = PathTemplate::Parse(path);
  if (!parsed.ok()) return RuleError(descriptor, parsed.status().message());
  for (const PathTemplate::Variable& variable : parsed->variables()) {
    if (!IsBindableField(*descriptor.input_type(), variable.field_path)) {
      return RuleError(descriptor, absl::StrCat("variable names no field: ", variable.field_path));
    }
  }
  if (!rule.body().empty() && rule.body() != "*" &&
      descriptor.input_type()->FindFieldByName(rule.body()) == nullptr) {
    return RuleError(descriptor, absl::StrCat("body names no field: ", rule.body()));
  }
  if (!rule.response_body().empty() &&
      descriptor.output_type()->FindFieldByName(rule.response_body()) == nullptr) {
    return RuleError(descriptor,
                     absl::StrCat("response_body names no field: ", rule.response_body()));
  }
  return RestRoute{verb, *std::move(parsed), rule.body(), rule.response_body(), &method};
}

}  // namespace

RouteTable::RouteTable(const google::protobuf::DescriptorPool* pool) : pool_(pool) {
  // Generated classes when the pool is the generated one: faster, and what the JSON printer knows.
  factory_.SetDelegateToGeneratedFactory(true);
}

absl::StatusOr<std::unique_ptr<RouteTable>> RouteTable::FromPool(
    const google::protobuf::DescriptorPool* pool, const std::vector<std::string>& service_names) {
  std::unique_ptr<RouteTable> table(new RouteTable(pool));
  for (const std::string& service_name : service_names) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(service_name);
    if (service == nullptr) {
      return absl::NotFoundError(absl::StrCat("服务不存在 (no such service): ", service_name));
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor* descriptor = service->method(i);
      RpcMethod& method = table->methods_.emplace_back();
      method.descriptor = descriptor;
      method.request_prototype = table->factory_.GetPrototype(descriptor->input_type());
      method.response_prototype = table->factory_.GetPrototype(descriptor->output_type());
      method.grpc_path = absl::StrCat("/", service->full_name(), "/", descriptor->name());
      method.server_streaming = descriptor->server_streaming();
      method.client_streaming = descriptor->client_streaming();
      table->connect_routes_[method.grpc_path] = &method;

      std::optional<google::api::HttpRule> rule = HttpRuleOf(*descriptor);
      if (!rule) continue;
      std::vector<google::api::HttpRule> rules{*rule};
      rules.insert(rules.end(), rule->additional_bindings().begin(),
                   rule->additional_bindings().end());
      for (const google::api::HttpRule& binding : rules) {
        absl::StatusOr<RestRoute> route = RouteFromRule(method, binding);
        if (!route.ok()) return route.status();
        table->rest_routes_.push_back(*std::move(route));
      }
    }
  }
  return table;
}

RestLookup RouteTable::MatchRest(absl::string_view http_verb, absl::string_view path) const {
  struct Candidate {
    const RestRoute* route;
    std::vector<PathVariableBinding> bindings;
  };
  std::vector<Candidate> candidates;
  bool any_with_verb_suffix = false;
  for (const RestRoute& route : rest_routes_) {
    std::optional<std::vector<PathVariableBinding>> bindings = route.path.Match(path);
    if (!bindings) continue;
    any_with_verb_suffix = any_with_verb_suffix || !route.path.verb().empty();
    candidates.push_back({&route, *std::move(bindings)});
  }
  // ".../2024:submit" also fits ".../{name=agencies/*/reports/*}" with name ending ":submit"; a
  // custom method's route is what the client meant, so the others drop out (GET on it is a 405).
  if (any_with_verb_suffix) {
    candidates.erase(
        std::remove_if(candidates.begin(), candidates.end(),
                       [](const Candidate& c) { return c.route->path.verb().empty(); }),
        candidates.end());
  }
  RestLookup lookup;
  const Candidate* best = nullptr;
  for (const Candidate& candidate : candidates) {
    if (candidate.route->http_verb != http_verb) continue;
    if (best == nullptr || candidate.route->path.Specificity() > best->route->path.Specificity()) {
      best = &candidate;
    }
  }
  if (best != nullptr) {
    lookup.outcome = RestLookup::Outcome::kMatched;
    lookup.match = RestMatch{best->route, best->route->method, best->bindings};
    return lookup;
  }
  if (candidates.empty()) return lookup;
  lookup.outcome = RestLookup::Outcome::kMethodNotAllowed;
  for (const Candidate& candidate : candidates) {
    lookup.allowed_verbs.push_back(candidate.route->http_verb);
  }
  std::sort(lookup.allowed_verbs.begin(), lookup.allowed_verbs.end());
  lookup.allowed_verbs.erase(std::unique(lookup.allowed_verbs.begin(), lookup.allowed_verbs.end()),
                             lookup.allowed_verbs.end());
  return lookup;
}

const RpcMethod* RouteTable::MatchConnect(absl::string_view path) const {
  auto it = connect_routes_.find(path);
  return it == connect_routes_.end() ? nullptr : it->second;
}

absl::StatusOr<std::unique_ptr<google::protobuf::DescriptorPool>> DescriptorPoolFromSet(
    absl::string_view serialized_set) {
  google::protobuf::FileDescriptorSet set;
  if (!set.ParseFromArray(serialized_set.data(), static_cast<int>(serialized_set.size()))) {
    return absl::InvalidArgumentError("描述符集无法解析 (the descriptor set does not parse)");
  }
  auto pool = std::make_unique<google::protobuf::DescriptorPool>();
  // protoc --include_imports writes every file after its dependencies.
  for (const google::protobuf::FileDescriptorProto& file : set.file()) {
    if (pool->BuildFile(file) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "描述符集中的文件无法构建 (a file of the set does not build): ", file.name()));
    }
  }
  return pool;
}

}  // namespace nianbao::gateway
