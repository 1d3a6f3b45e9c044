#!/usr/bin/env python3
"""Writes kube-score/verdicts.tsv from the peer's own tests: run as  corpus/peers/kube-score-verdicts.py MIRRORS  (MIRRORS as for
corpus/collect.sh). The mapping of the peer's checks to our rules (equivalent or related) is below; review the
output with PeerAgreementTest, which reports every disagreement."""
import sys, os
MIRRORS=sys.argv[1]
HERE=os.path.dirname(os.path.abspath(__file__))
def gitdir(name):
    d=os.path.join(MIRRORS,name)
    return os.path.join(d,'repo') if os.path.isdir(os.path.join(d,'repo')) else d
import re, subprocess, sys, json
G=gitdir('zegl+kube-score')
def show(p): return subprocess.run(['git','--git-dir',G,'show','HEAD:'+p],capture_output=True,text=True).stdout
files=subprocess.run(['git','--git-dir',G,'ls-tree','-r','--name-only','HEAD','score/'],capture_output=True,text=True).stdout.split()
out=[]
for f in files:
    if not f.endswith('_test.go'): continue
    src=show(f)
    for m in re.finditer(r'func (Test\w+)\(t \*testing\.T\) \{', src):
        name=m.group(1); i=m.end(); depth=1
        while depth and i<len(src):
            if src[i]=='{': depth+=1
            elif src[i]=='}': depth-=1
            i+=1
        body=src[m.end():i]
        for c in re.finditer(r'testExpectedScore(WithConfig)?\(', body):
            j=c.end(); d=1
            while d and j<len(body):
                if body[j]=='(': d+=1
                elif body[j]==')': d-=1
                j+=1
            call=body[c.start():j]
            gm=re.search(r'scorecard\.Grade(\w+)', call)
            if not gm: continue
            if c.group(1):
                fs=re.findall(r'testFile\("([^"]+)"\)', call)
                strs=re.findall(r'"([^"]+)"', call[:gm.start()])
                check=strs[-1]
            else:
                strs=re.findall(r'"([^"]+)"', call)
                fs=[strs[0]]; check=strs[1]
            cfg='Ignore' in call or 'UseIgnoreChecksAnnotation' in call or 'UseOptionalChecksAnnotation' in call or 'ChecksConfig' in call
            ver=re.search(r'KubernetesVersion: config.Semver\{Major: (\d+), Minor: (\d+)\}', call)
            out.append(dict(test=name, src=f, files=fs, check=check, grade=gm.group(1), cfg=cfg, ver=ver.group(0) if ver else ''))
cases=out

import json, yaml, os, collections
C=os.path.join(HERE,'kube-score')
POD=['Pod','Deployment','StatefulSet','DaemonSet','Job','CronJob','ReplicaSet','ReplicationController']
MAP={
 'Pod NetworkPolicy':('namespace-without-networkpolicy','equivalent',POD),
 'Service Targets Pod':('service-selector-matches-nothing','equivalent',['Service']),
 'NetworkPolicy targets Pod':('networkpolicy-selects-nothing','equivalent',['NetworkPolicy']),
 'Pod Probes':('no-readiness-probe','equivalent',POD),
 'Ingress targets Service':('ingress-backend-service-missing','equivalent',['Ingress']),
 'Container Resources':('unset-resources','equivalent',POD),
 'Container Image Tag':('latest-tag','equivalent',POD),
 'Container Security Context Privileged':('privileged-container','equivalent',POD),
 'Container Security Context ReadOnlyRootFilesystem':('no-read-only-root-fs','equivalent',POD),
 'Container Security Context User Group ID':('run-as-non-root','related',POD),
 'Environment Variable Key Duplication':('duplicate-env-var','equivalent',POD),
 'StatefulSet Pod Selector labels match template metadata labels':('selector-template-mismatch','equivalent',['StatefulSet']),
 'Deployment Replicas':('single-replica','related',['Deployment']),
 'Stable version':('unknown-api-version','related',None),
 'Service Type':('nodeport-service','equivalent',['Service']),
 'Deployment has PodDisruptionBudget':('pdb-selects-nothing','related',['Deployment']),
 'StatefulSet has PodDisruptionBudget':('pdb-selects-nothing','related',['StatefulSet']),
 'Container Ports Check':('invalid-value','equivalent',POD),
}
# v1 Ingresses written with the v1beta1 names (serviceName/servicePort): their backend names no Service, which we
# report as the backend's missing field (the API server refuses them too).
OVERRIDE={'ingress-v1-invalid-backend.yaml':'missing-field','ingress_issue363.yaml':'missing-field',
          # Container Ports Check: each fixture breaks one thing the API server also refuses.
          'pod-container-ports-missing-containerport.yaml':'missing-field',
          'pod-container-ports-name-too-long.yaml':'invalid-name',
          'pod-container-ports-duplicate-names.yaml':'invalid-value'}
out=[]; skipped=collections.Counter()
for c in cases:
    m=MAP.get(c['check'])
    if not m: skipped[c['check']]+=1; continue
    if c['cfg'] or len(c['files'])!=1: skipped['cfg/multi '+c['check']]+=1; continue
    f='score/testdata/'+c['files'][0]
    if not os.path.exists(os.path.join(C,f)): skipped['nofile']+=1; continue
    docs=[d for d in yaml.safe_load_all(open(os.path.join(C,f))) if isinstance(d,dict)]
    rule,eq,kinds=m
    rule=OVERRIDE.get(c['files'][0],rule)
    if kinds is None:
        scope='*'
    else:
        objs=[d for d in docs if d.get('kind') in kinds]
        if not objs: skipped['noobj '+c['check']]+=1; continue
        k=objs[0]['kind']; same=[d for d in objs if d['kind']==k]
        name=(objs[0].get('metadata') or {}).get('name')
        scope=k+'/'+(name if len(same)==1 and name else '-')
    fail=c['grade'] in ('Critical','Warning')
    src='zegl/kube-score %s %s (Grade%s)'%(c['src'],c['test'],c['grade'])
    out.append(['kube-score',f,scope,c['check'],'fail' if fail else 'pass',rule,eq,src])
    if c['check']=='Container Ports Check' and not fail:  # a good fixture passes all three
        for r in ('missing-field','invalid-name'):
            out.append(['kube-score',f,scope,c['check'],'pass',r,eq,src])
# one case per (file, scope, rule): the same fixture asserted twice counts once
seen=set(); rows=[]
for r in out:
    key=(r[1],r[2],r[5])
    if key in seen: continue
    seen.add(key); rows.append(r)
with open(os.path.join(C,'verdicts.tsv'),'w') as w:
    w.write('# kube-score\'s verdicts on its own fixtures, from its tests (cited: file, test, expected grade; Critical and Warning\n')
    w.write('# are a fail), each with our equivalent or related rule. Columns: tool, file, scope (Kind/name[/container]),\n')
    w.write('# peer check, peer verdict, our rule, equivalent|related, source. Derived from the tests by ../kube-score-verdicts.py (its mapping reviewed by hand), not by kube-score.\n')
    for r in rows: w.write('\t'.join(r)+'\n')
print(len(rows), collections.Counter(r[6] for r in rows)); print(skipped)
