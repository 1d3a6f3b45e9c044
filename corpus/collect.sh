#!/bin/bash
# Re-collects the real-world corpus from local git clones of the upstream repositories, unmodified, and
# writes each project's SOURCE.md (repository, path, commit, licence).
#   corpus/collect.sh MIRRORS   MIRRORS holds one clone (bare or not) per project, named owner+name[/repo]
# To add a file: add a line "project owner/name path [as-name]" to the list below and run the script.
set -euo pipefail
mirrors=${1:?usage: corpus/collect.sh MIRRORS}
here=$(cd "$(dirname "$0")" && pwd)
list() {
cat <<'LIST'
ingress-nginx kubernetes/ingress-nginx deploy/static/provider/cloud/deploy.yaml
ingress-nginx kubernetes/ingress-nginx deploy/static/provider/baremetal/deploy.yaml
ingress-nginx kubernetes/ingress-nginx deploy/static/provider/kind/deploy.yaml
ingress-nginx kubernetes/ingress-nginx deploy/static/provider/aws/deploy.yaml
argo-cd argoproj/argo-cd manifests/install.yaml
argo-cd argoproj/argo-cd manifests/ha/install.yaml
argo-cd argoproj/argo-cd manifests/namespace-install.yaml
calico projectcalico/calico manifests/calico.yaml
calico projectcalico/calico manifests/tigera-operator.yaml
calico projectcalico/calico manifests/calico-etcd.yaml
calico projectcalico/calico manifests/calicoctl.yaml
cert-manager cert-manager/cert-manager deploy/crds/cert-manager.io_certificates.yaml
cert-manager cert-manager/cert-manager deploy/crds/cert-manager.io_certificaterequests.yaml
cert-manager cert-manager/cert-manager deploy/crds/acme.cert-manager.io_orders.yaml
cert-manager cert-manager/cert-manager deploy/manifests/namespace.yaml
cert-manager cert-manager/cert-manager make/config/bind/deployment.yaml
metallb metallb/metallb config/manifests/metallb-native.yaml
metallb metallb/metallb config/manifests/metallb-frr.yaml
flannel flannel-io/flannel Documentation/kube-flannel.yml
linkerd linkerd/linkerd2 cli/cmd/testdata/install_default.golden cli/cmd/testdata/install_default.yaml
linkerd linkerd/linkerd2 cli/cmd/testdata/install_ha_output.golden cli/cmd/testdata/install_ha_output.yaml
linkerd linkerd/linkerd2 viz/cmd/testdata/install_default.golden viz/cmd/testdata/install_default.yaml
istio istio/istio samples/bookinfo/platform/kube/bookinfo.yaml
istio istio/istio samples/bookinfo/networking/bookinfo-gateway.yaml
istio istio/istio samples/bookinfo/networking/destination-rule-all.yaml
istio istio/istio samples/httpbin/httpbin.yaml
istio istio/istio samples/curl/curl.yaml
istio istio/istio samples/helloworld/helloworld.yaml
istio istio/istio samples/tcp-echo/tcp-echo.yaml
istio istio/istio samples/addons/prometheus.yaml
istio istio/istio samples/addons/kiali.yaml
istio istio/istio samples/addons/jaeger.yaml
microservices-demo GoogleCloudPlatform/microservices-demo release/kubernetes-manifests.yaml
microservices-demo GoogleCloudPlatform/microservices-demo release/istio-manifests.yaml
live-objects argoproj/argo-cd gitops-engine/pkg/diff/testdata/smd-deploy-live.yaml
LIST
# kube-prometheus: its generated manifests, without the Grafana dashboards (1 MB of JSON in ConfigMaps) and the
# large CustomResourceDefinitions (the ServiceMonitor one stays).
git_of prometheus-operator/kube-prometheus ls-tree --name-only -r HEAD manifests/ \
  | grep -vE 'grafana-dashboardDefinitions|setup/0(alertmanager|alertmanagerConfig|podmonitor|probe|prometheus|prometheusagent|prometheusrule|scrapeconfig|thanosruler)CustomResourceDefinition' \
  | sed 's|^|kube-prometheus prometheus-operator/kube-prometheus |'
# The peers' own test fixtures (their expectations are in their test code, cited line by line in verdicts.tsv).
git_of zegl/kube-score ls-tree --name-only -r HEAD score/testdata/ | sed 's|^|peers/kube-score zegl/kube-score |'
git_of stackrox/kube-linter ls-tree --name-only -r HEAD tests/checks/ | sed 's|^|peers/kube-linter stackrox/kube-linter |'
}
git_of() {
  local repo=$1; shift
  local d=$mirrors/${repo/\//+}
  [[ -d $d/repo ]] && d=$d/repo
  git --git-dir="$( [[ -d $d/.git ]] && echo "$d/.git" || echo "$d")" "$@"
}
licence_of() { # names the licence and copies its text to $2/LICENSE
  local f
  for f in LICENSE LICENSE.md LICENCE license.txt COPYING; do
    if git_of "$1" cat-file -e "HEAD:$f" 2>/dev/null; then
      git_of "$1" show "HEAD:$f" > "$2/LICENSE"
      grep -m1 -oE 'Apache License|MIT License' "$2/LICENSE" | sed 's/Apache License/Apache License 2.0/'
      return
    fi
  done
  echo unknown
}
declare -A seen
list | while read -r project repo path as; do
  as=${as:-$path}
  dir=$here/$project
  if [[ -z ${seen[$project]:-} ]]; then
    seen[$project]=1
    mkdir -p "$dir"
    find "$dir" -mindepth 1 ! -name verdicts.tsv -delete # verdicts.tsv is ours (written from the peers' tests)
    commit=$(git_of "$repo" rev-parse HEAD)
    {
      echo "# $project"
      echo
      echo "Files of https://github.com/$repo at commit $commit, licensed $(licence_of "$repo" "$dir") (its text: LICENSE) by their authors,"
      echo "kept unmodified as test data (collected by corpus/collect.sh; a file named differently upstream is listed as"
      echo "upstream path -> file here). Paths below are relative to the repository root and to this folder."
      [[ $project != peers/* ]] || echo "verdicts.tsv is not upstream's: it records, per fixture, the verdict of the peer's own tests (cited)."
      echo
    } > "$dir/SOURCE.md"
  fi
  mkdir -p "$(dirname "$dir/$as")"
  git_of "$repo" show "HEAD:$path" > "$dir/$as"
  if [[ $as == "$path" ]]; then echo "- $path" >> "$dir/SOURCE.md"; else echo "- $path -> $as" >> "$dir/SOURCE.md"; fi
done
