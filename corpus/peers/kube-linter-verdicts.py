#!/usr/bin/env python3
"""Writes kube-linter/verdicts.tsv from the peer's own tests: run as  corpus/peers/kube-linter-verdicts.py MIRRORS  (MIRRORS as for
corpus/collect.sh). The mapping of the peer's checks to our rules (equivalent or related) is below; review the
output with PeerAgreementTest, which reports every disagreement."""
import sys, os
MIRRORS=sys.argv[1]
HERE=os.path.dirname(os.path.abspath(__file__))
def gitdir(name):
    d=os.path.join(MIRRORS,name)
    return os.path.join(d,'repo') if os.path.isdir(os.path.join(d,'repo')) else d
import yaml, os, re, collections
C=os.path.join(HERE,'kube-linter')
import subprocess
bats=subprocess.run(['git','--git-dir',gitdir('stackrox+kube-linter'),'show','HEAD:e2etests/bats-tests.sh'],capture_output=True,text=True,check=True).stdout
POD=['Pod','Deployment','StatefulSet','DaemonSet','Job','CronJob','ReplicaSet','ReplicationController']
# kube-linter check -> (our rule, equivalent|related, kinds)
MAP={
 'latest-tag':('latest-tag','equivalent',POD),
 'no-readiness-probe':('no-readiness-probe','related',POD),
 'privileged-container':('privileged-container','equivalent',POD),
 'privilege-escalation-container':('privilege-escalation-container','equivalent',POD),
 'run-as-non-root':('run-as-non-root','equivalent',POD),
 'duplicate-env-var':('duplicate-env-var','equivalent',POD),
 'dangling-service':('service-selector-matches-nothing','equivalent',['Service']),
 'dangling-networkpolicy':('networkpolicy-selects-nothing','equivalent',['NetworkPolicy']),
 'host-network':('host-network','equivalent',POD),
 'no-read-only-root-fs':('no-read-only-root-fs','equivalent',POD),
 'liveness-port':('probe-port','equivalent',POD),
 'readiness-port':('probe-port','equivalent',POD),
 'startup-port':('probe-port','equivalent',POD),
 'mismatching-selector':('selector-template-mismatch','equivalent',POD),
 'unset-cpu-requirements':('unset-resources','related',POD),
 'unset-memory-requirements':('unset-resources','related',POD),
 'minimum-three-replicas':('single-replica','related',['Deployment','StatefulSet','ReplicaSet']),
 'non-isolated-pod':('namespace-without-networkpolicy','related',POD),
 'exposed-services':('nodeport-service','related',['Service']),
 'no-extensions-v1beta':('unknown-api-version','equivalent',None),
 'invalid-target-ports':('service-target-port','related',['Service']),
 'dangling-ingress':('ingress-backend-service-missing','equivalent',['Ingress']),
}
tests={}
for m in re.finditer(r'@test "([^"]+)" \{\n  tmp="(tests/checks/[^"]+)"\n  cmd="[^"]*--include ([a-z0-9-]+)', bats):
    tests[m.group(3)]=(m.group(1),m.group(2),bats.find('@test "%s"'%m.group(1)))
def line_of(pos): return bats.count('\n',0,pos)+1
rows=[]; notes=[]
for check,(rule,eq,kinds) in MAP.items():
    if check not in tests: notes.append('no bats test for '+check); continue
    name,fn,pos=tests[check]
    block=bats[pos:bats.find('\n}\n',pos)]
    cnt=re.search(r'\[\[ "\$\{count\}" == "(\d+)" \]\]', block)
    docs=[d for d in yaml.safe_load_all(open(os.path.join(C,fn))) if isinstance(d,dict)]
    fires=[d for d in docs if not str((d.get('metadata') or {}).get('name','')).startswith('dont-fire')]
    firing_kinds=[d.get('kind') for d in docs if d.get('kind') and not str((d.get('metadata') or {}).get('name','')).startswith('dont-fire')]
    src='stackrox/kube-linter e2etests/bats-tests.sh:%d @test "%s"'%(line_of(pos),name)
    if kinds is None:
        rows.append(['kube-linter',fn,'*',check,'fail' if cnt and cnt.group(1)!='0' else 'pass',rule,eq,src+' (count %s)'%(cnt.group(1) if cnt else '?')])
        continue
    objs=[d for d in docs if d.get('kind') in kinds]
    nf=0
    for d in objs:
        n=(d.get('metadata') or {}).get('name')
        spec=d.get('spec') or {}
        tmpl=spec if d['kind']=='Pod' else ((spec.get('jobTemplate') or {}).get('spec') or {}).get('template',{}) .get('spec',{}) if d['kind']=='CronJob' else (spec.get('template') or {}).get('spec') or {}
        cs=[c for c in (tmpl.get('containers') or []) + (tmpl.get('initContainers') or []) if isinstance(c,dict)]
        if cs and any(str(c.get('name','')).startswith(('fire','dont-fire')) for c in cs):
            for c in cs:
                cn=str(c.get('name'))
                fail=not cn.startswith('dont-fire')
                nf+=fail
                rows.append(['kube-linter',fn,d['kind']+'/'+(n or '-')+'/'+cn,check,'fail' if fail else 'pass',rule,eq,src+' (container %s)'%cn])
            continue
        scope=d['kind']+'/'+(n if n and sum(1 for e in objs if e['kind']==d['kind'] and (e.get('metadata') or {}).get('name')==n)==1 or (n and n.startswith('dont-fire')) else '-')
        fail=not str(n).startswith('dont-fire')
        nf+=fail
        r2='ingress-backend-port-missing' if check=='dangling-ingress' and n=='bad-port' else rule
        rows.append(['kube-linter',fn,scope,check,'fail' if fail else 'pass',r2,eq,src+(' (object named %s)'%('dont-fire*' if not fail else n))])
    notes.append('%s: %d kube objects, %d fire by name; bats count %s; firing docs (all kinds) %d' % (check,len(objs),nf,cnt.group(1) if cnt else '?',len(firing_kinds)))
seen=set(); out=[]
for r in rows:
    k=(r[1],r[2],r[5],r[4])
    if k in seen: continue
    seen.add(k); out.append(r)
with open(os.path.join(C,'verdicts.tsv'),'w') as w:
    w.write('# kube-linter\'s verdicts on its own fixtures, from its e2e tests (cited: e2etests/bats-tests.sh line and @test; the\n')
    w.write('# fixtures name the objects a check must not fire on "dont-fire*", and each test asserts the count and messages of\n')
    w.write('# the others), each with our equivalent or related rule. Columns as in ../kube-score/verdicts.tsv; derived by ../kube-linter-verdicts.py.\n')
    for r in out: w.write('\t'.join(r)+'\n')
print(len(out), collections.Counter(r[6] for r in out))
print('\n'.join(notes))
