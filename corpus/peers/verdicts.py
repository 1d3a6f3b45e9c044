#!/usr/bin/env python3
"""Writes kube-score/verdicts.tsv and kube-linter/verdicts.tsv from the peers' own tests: run as
corpus/peers/verdicts.py MIRRORS  (MIRRORS as for corpus/collect.sh). The mapping of each peer check to our rule
(equivalent or related) is below; PeerAgreementTest then reports every disagreement."""
import sys, os, re, json, subprocess, collections, yaml
MIRRORS=sys.argv[1]
HERE=os.path.dirname(os.path.abspath(__file__))
POD=['Pod','Deployment','StatefulSet','DaemonSet','Job','CronJob','ReplicaSet','ReplicationController']
def gitdir(name):
    d=os.path.join(MIRRORS,name)
    return os.path.join(d,'repo') if os.path.isdir(os.path.join(d,'repo')) else d

def kube_score():
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

    C=os.path.join(HERE,'kube-score')
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
        w.write('# peer check, peer verdict, our rule, equivalent|related, source. Derived from the tests by ../verdicts.py (its mapping reviewed by hand), not by kube-score.\n')
        for r in rows: w.write('\t'.join(r)+'\n')
    print(len(rows), collections.Counter(r[6] for r in rows)); print(skipped)

def kube_linter():
    C=os.path.join(HERE,'kube-linter')
    bats=subprocess.run(['git','--git-dir',gitdir('stackrox+kube-linter'),'show','HEAD:e2etests/bats-tests.sh'],capture_output=True,text=True,check=True).stdout
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
    # invalid-target-ports names no object "dont-fire": its test lists the four reports, all on the objects named
    # invalid-target-ports (a targetPort out of range, one too long; two container port names), which are what
    # the API server refuses too.
    name,fn,pos=tests['invalid-target-ports']
    src='stackrox/kube-linter e2etests/bats-tests.sh:%d @test "%s"'%(line_of(pos),name)
    for scope,verdict,r in [('Service/invalid-target-ports','fail','port-range'),('Service/invalid-target-ports','fail','invalid-name'),
                            ('Service/empty-ports','pass','invalid-name'),('Service/empty-ports','pass','port-range'),
                            ('Service/no-target-port','pass','invalid-name'),('Service/no-target-port','pass','port-range'),
                            ('Deployment/invalid-target-ports/invalid-target-ports','fail','invalid-name'),
                            ('Deployment/empty-ports','pass','invalid-name'),('Deployment/no-target-port','pass','invalid-name')]:
        rows.append(['kube-linter',fn,scope,'invalid-target-ports',verdict,r,'equivalent',src+' (its four messages)'])
    seen=set(); out=[]
    for r in rows:
        k=(r[1],r[2],r[5],r[4])
        if k in seen: continue
        seen.add(k); out.append(r)
    with open(os.path.join(C,'verdicts.tsv'),'w') as w:
        w.write('# kube-linter\'s verdicts on its own fixtures, from its e2e tests (cited: e2etests/bats-tests.sh line and @test; the\n')
        w.write('# fixtures name the objects a check must not fire on "dont-fire*", and each test asserts the count and messages of\n')
        w.write('# the others), each with our equivalent or related rule. Columns as in ../kube-score/verdicts.tsv; derived by ../verdicts.py.\n')
        for r in out: w.write('\t'.join(r)+'\n')
    print(len(out), collections.Counter(r[6] for r in out))
    print('\n'.join(notes))

kube_score()
kube_linter()
