"""The Python `kubernetes` client part of the conformance battery (see runConformance.ts).

Runs with Debian's python3-kubernetes: typed APIs, patches (the client sends a dict as a strategic merge patch),
watches (the client sends watch=True), paging, logs, custom resources, autoscaling/v1, TokenRequest and errors,
each checked against what a real API server answers.
Usage: python3 pythonBattery.py <admin kubeconfig> <viewer kubeconfig>; prints one JSON result per line.
"""
import json
import sys
import time

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

NS = "conformance-python"
admin = config.new_client_from_config(config_file=sys.argv[1])
viewer = config.new_client_from_config(config_file=sys.argv[2])
core = client.CoreV1Api(admin)
apps = client.AppsV1Api(admin)
batch = client.BatchV1Api(admin)
custom = client.CustomObjectsApi(admin)


class Mismatch(Exception):
    pass


def equal(what, actual, expected):
    if actual != expected:
        raise Mismatch(f"{what}: expected {expected!r}, got {actual!r}")


def rejects(what, call, status, message=None):
    """Runs call, which must fail with this HTTP status (and a Status message containing `message`)."""
    try:
        call()
    except ApiException as error:
        equal(f"{what} status", error.status, status)
        body = json.loads(error.body) if error.body else {}
        if message and message not in body.get("message", ""):
            raise Mismatch(f"{what}: expected {message!r} in {body.get('message')!r}")
        return body
    raise Mismatch(f"{what}: succeeded; expected HTTP {status}")


def eventually(check, timeout=20.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except Exception:  # noqa: BLE001 - retried until the deadline, then raised
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def config_map(name, data, labels=None):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "labels": labels or {}}, "data": data}


def deployment(name):
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}},
        },
    }


def case_version():
    equal("git_version", client.VersionApi(admin).get_code().git_version, "v1.32.0")


def case_list_nodes():
    equal("nodes", len(core.list_node().items), 3)


def case_list_pods_by_label():
    equal("pods", len(core.list_namespaced_pod("cmp", label_selector="app=agent-registry").items), 3)


def case_read_deployment():
    equal("replicas", apps.read_namespaced_deployment("agent-registry", "cmp").spec.replicas, 3)


def case_not_found():
    body = rejects("read", lambda: apps.read_namespaced_deployment("nope", "cmp"), 404, 'deployments.apps "nope" not found')
    equal("reason", body["reason"], "NotFound")


def case_paging():
    first = core.list_pod_for_all_namespaces(limit=4)
    equal("first page", len(first.items), 4)
    if not first.metadata._continue:
        raise Mismatch("no continue token")
    rest = core.list_pod_for_all_namespaces(limit=500, _continue=first.metadata._continue)
    total = len(core.list_pod_for_all_namespaces().items)
    equal("all pages", len(first.items) + len(rest.items), total)


def case_invalid_continue():
    rejects("list", lambda: core.list_pod_for_all_namespaces(limit=1, _continue="garbage"), 400)


def case_create_namespace():
    equal("phase", core.create_namespace({"metadata": {"name": NS}}).status.phase, "Active")


def case_create_config_map():
    equal("data", core.create_namespaced_config_map(NS, config_map("settings", {"a": "1"}, {"team": "a"})).data, {"a": "1"})


def case_already_exists():
    body = rejects("create", lambda: core.create_namespaced_config_map(NS, config_map("settings", {"a": "1"})), 409, 'configmaps "settings" already exists')
    equal("reason", body["reason"], "AlreadyExists")


def case_dry_run():
    core.create_namespaced_config_map(NS, config_map("ghost", {"a": "1"}), dry_run="All")
    rejects("read", lambda: core.read_namespaced_config_map("ghost", NS), 404)


def case_stale_replace():
    current = core.read_namespaced_config_map("settings", NS)
    current.data = {"a": "2"}
    core.replace_namespaced_config_map("settings", NS, current)
    current.data = {"a": "3"}
    rejects("replace", lambda: core.replace_namespaced_config_map("settings", NS, current), 409, "the object has been modified")


def case_strategic_patch():
    equal("data", core.patch_namespaced_config_map("settings", NS, {"data": {"b": "1"}}).data, {"a": "2", "b": "1"})


def case_json_patch():
    patched = core.patch_namespaced_config_map("settings", NS, [{"op": "remove", "path": "/data/b"}])
    equal("data", patched.data, {"a": "2"})


def case_create_deployment():
    equal("generation", apps.create_namespaced_deployment(NS, deployment("web")).metadata.generation, 1)


def case_patch_containers_by_name():
    body = {"spec": {"template": {"spec": {"containers": [{"name": "web", "env": [{"name": "MODE", "value": "fast"}]}]}}}}
    container = apps.patch_namespaced_deployment("web", NS, body).spec.template.spec.containers[0]
    equal("container", (container.name, container.image, container.env[0].value), ("web", "nginx:1.27", "fast"))


def case_rollout():
    eventually(lambda: equal("available", apps.read_namespaced_deployment_status("web", NS).status.available_replicas, 1))


def case_scale():
    equal("replicas", apps.patch_namespaced_deployment_scale("web", NS, {"spec": {"replicas": 2}}).spec.replicas, 2)


def case_wrong_type():
    body = deployment("typed")
    body["spec"]["replicas"] = "three"
    rejects("create", lambda: apps.create_namespaced_deployment(NS, body), 400, "cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32")


def case_watch_true():
    core.create_namespaced_config_map(NS, config_map("watched", {"a": "1"}))
    names = [event["object"].metadata.name for event in watch.Watch().stream(core.list_namespaced_config_map, NS, timeout_seconds=1)]
    if "watched" not in names:
        raise Mismatch(f"watch=True did not stream the config map; saw {names}")


def case_watch_from_version():
    version = core.list_namespaced_config_map(NS).metadata.resource_version
    core.patch_namespaced_config_map("watched", NS, {"data": {"a": "2"}})
    stream = watch.Watch().stream(core.list_namespaced_config_map, NS, resource_version=version, timeout_seconds=1)
    seen = [(event["type"], event["object"].metadata.name) for event in stream]
    if ("MODIFIED", "watched") not in seen:
        raise Mismatch(f"the change since {version} was not replayed; saw {seen}")


def case_logs():
    pod = core.list_namespaced_pod("cmp", label_selector="app=agent-registry").items[0].metadata.name
    equal("lines", len(core.read_namespaced_pod_log(pod, "cmp", tail_lines=3).strip().split("\n")), 3)


def case_warning_events():
    events = core.list_namespaced_event("cmp", field_selector="type=Warning").items
    if not events or any(event.type != "Warning" for event in events):
        raise Mismatch("no warning events, or others mixed in")


def case_server_side_apply():
    body = json.dumps(config_map("applied", {"a": "1"}))
    result = admin.call_api(f"/api/v1/namespaces/{NS}/configmaps/applied", "PATCH", query_params=[("fieldManager", "python-battery")],
                            header_params={"Content-Type": "application/apply-patch+yaml", "Accept": "application/json"},
                            body=body, response_type="object", auth_settings=["BearerToken"], _return_http_data_only=True)
    equal("managers", [(entry["manager"], entry["operation"]) for entry in result["metadata"]["managedFields"]], [("python-battery", "Apply")])


def case_custom_resources():
    items = custom.list_namespaced_custom_object("cert-manager.io", "v1", "cmp", "certificates")["items"]
    equal("certificates", [item["metadata"]["name"] for item in items], ["agent-registry-tls"])


def case_custom_resource_status():
    cluster = custom.get_namespaced_custom_object("postgresql.cnpg.io", "v1", "cmp", "clusters", "cmp-postgres")
    equal("phase", cluster["status"]["phase"], "Cluster in healthy state")


def case_custom_merge_patch():
    patched = custom.patch_namespaced_custom_object("argoproj.io", "v1alpha1", "argocd", "applications", "keycloak", {"metadata": {"annotations": {"argocd.argoproj.io/refresh": "normal"}}})
    equal("kind", patched["kind"], "Application")


def case_custom_unknown_field_pruned():
    body = {"apiVersion": "postgresql.cnpg.io/v1", "kind": "Backup", "metadata": {"name": "manual-python"}, "spec": {"cluster": {"name": "cmp-postgres"}, "retention": "7d"}}
    created = custom.create_namespaced_custom_object("postgresql.cnpg.io", "v1", "cmp", "backups", body)
    equal("retention", created["spec"].get("retention"), None)


def case_custom_invalid():
    body = {"apiVersion": "cert-manager.io/v1", "kind": "Certificate", "metadata": {"name": "incomplete"}, "spec": {"dnsNames": ["x.example"]}}
    rejects("create", lambda: custom.create_namespaced_custom_object("cert-manager.io", "v1", "cmp", "certificates", body), 422, "spec.issuerRef: Required value")


def case_metrics():
    pods = custom.list_namespaced_custom_object("metrics.k8s.io", "v1beta1", "cmp", "pods")["items"]
    if not any(item["metadata"]["name"] == "cmp-postgres-1" for item in pods):
        raise Mismatch("no metrics for cmp-postgres-1")


def case_crds():
    equal("crds", len(client.ApiextensionsV1Api(admin).list_custom_resource_definition().items), 15)


def case_autoscaling_v1():
    body = {"metadata": {"name": "web"}, "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "minReplicas": 1, "maxReplicas": 4, "targetCPUUtilizationPercentage": 60}}
    client.AutoscalingV1Api(admin).create_namespaced_horizontal_pod_autoscaler(NS, body)
    equal("target", client.AutoscalingV1Api(admin).read_namespaced_horizontal_pod_autoscaler("web", NS).spec.target_cpu_utilization_percentage, 60)


def case_token_request():
    core.create_namespaced_service_account(NS, {"metadata": {"name": "bot"}})
    token = core.create_namespaced_service_account_token("bot", NS, {"spec": {"audiences": [], "expirationSeconds": 3600}}).status.token
    configuration = client.Configuration()
    configuration.host = admin.configuration.host
    configuration.ssl_ca_cert = admin.configuration.ssl_ca_cert
    configuration.api_key = {"authorization": f"Bearer {token}"}
    as_bot = client.CoreV1Api(client.ApiClient(configuration))
    rejects("list", lambda: as_bot.list_namespaced_pod(NS), 403, f'User "system:serviceaccount:{NS}:bot" cannot list resource "pods"')


def case_access_review():
    review = client.AuthorizationV1Api(admin).create_self_subject_access_review({"spec": {"resourceAttributes": {"verb": "list", "resource": "pods", "namespace": "cmp"}}})
    equal("allowed", review.status.allowed, True)


def case_forbidden():
    rejects("list", lambda: client.CoreV1Api(viewer).list_namespaced_secret("cmp"), 403, 'secrets is forbidden: User "gsv-viewer" cannot list resource "secrets" in API group "" in the namespace "cmp"')


def case_job():
    batch.create_namespaced_job(NS, {"metadata": {"name": "once"}, "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "run", "image": "busybox:1.36"}]}}}})
    eventually(lambda: equal("succeeded", batch.read_namespaced_job_status("once", NS).status.succeeded, 1), 60)


def case_delete_collection():
    core.delete_collection_namespaced_config_map(NS, label_selector="team=a")
    rejects("read", lambda: core.read_namespaced_config_map("settings", NS), 404)


def case_delete_namespace():
    core.delete_namespace(NS)
    eventually(lambda: rejects("read", lambda: core.read_namespace(NS), 404), 60)


CASES = [
    ("version", case_version), ("list nodes", case_list_nodes), ("list pods by label", case_list_pods_by_label),
    ("read a deployment", case_read_deployment), ("a missing object is 404 NotFound", case_not_found),
    ("paged lists", case_paging), ("an invalid continue token is 400", case_invalid_continue),
    ("create a namespace", case_create_namespace), ("create a config map", case_create_config_map),
    ("create it again is 409 AlreadyExists", case_already_exists), ("dry-run create stores nothing", case_dry_run),
    ("replace with a stale resourceVersion is 409", case_stale_replace), ("a dict patch is a strategic merge patch", case_strategic_patch),
    ("JSON patch", case_json_patch), ("create a deployment", case_create_deployment),
    ("strategic patch merges containers by name", case_patch_containers_by_name), ("the deployment rolls out", case_rollout),
    ("scale subresource", case_scale), ("a wrongly typed field is 400", case_wrong_type),
    ("watch=True streams", case_watch_true), ("watch from a resourceVersion replays", case_watch_from_version),
    ("pod logs", case_logs), ("events by field selector", case_warning_events), ("server-side apply", case_server_side_apply),
    ("list custom resources", case_custom_resources), ("read a custom resource's status", case_custom_resource_status),
    ("merge-patch a custom resource", case_custom_merge_patch), ("an unknown custom resource field is pruned", case_custom_unknown_field_pruned),
    ("a custom resource missing a required field is 422", case_custom_invalid), ("pod metrics", case_metrics),
    ("list CRDs", case_crds), ("autoscaling/v1 HPA", case_autoscaling_v1), ("TokenRequest token authenticates", case_token_request),
    ("SelfSubjectAccessReview", case_access_review), ("Forbidden for the viewer", case_forbidden), ("a job completes", case_job),
    ("delete a collection by label", case_delete_collection), ("delete a namespace", case_delete_namespace),
]

for name, run in CASES:
    try:
        run()
        result = {"client": "python", "name": name, "ok": True}
    except Exception as error:  # noqa: BLE001 - every failure is reported, the battery goes on
        result = {"client": "python", "name": name, "ok": False, "detail": f"{type(error).__name__}: {error}"[:500]}
    print(json.dumps(result), flush=True)
