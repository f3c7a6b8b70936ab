/** Workloads for the kube tests: local images only (berth/probe:test, imported by native-cluster.sh), never pulled. */

export const probeImage = 'berth/probe:test';

/** A Deployment serving HTTP on 8080 ("hello from <pod>"), ready when it answers, and its Service on 80. */
export function webYaml(name: string, replicas = 1): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: ${probeImage}
        imagePullPolicy: Never
        args: ["serve", ":8080"]
        ports: [{containerPort: 8080, name: http}]
        readinessProbe:
          httpGet: {path: /healthz, port: 8080}
          periodSeconds: 1
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: http}]
`;
}

/** A pod that prints "tick N" every 0.3 s. */
export function tickerYaml(name: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: ticker
    image: ${probeImage}
    imagePullPolicy: Never
    command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.3; done"]
`;
}

/** A Job of one pod that prints and succeeds. */
export function jobYaml(name: string): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 1
      containers:
      - name: work
        image: ${probeImage}
        imagePullPolicy: Never
        command: ["sh", "-c", "echo job done"]
`;
}

/** A pod whose container exits (code 3) after printing its run number: it restarts, so it has a previous run. */
export function crasherYaml(name: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: crash
    image: ${probeImage}
    imagePullPolicy: Never
    command: ["sh", "-c", "echo started at $(date +%s); sleep 1; echo bye; exit 3"]
`;
}

/** A Deployment the apiserver refuses: replicas may not be negative. */
export function invalidDeploymentYaml(name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: -1
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: c
        image: ${probeImage}
`;
}

/** One of each of the other workload kinds the views show. */
export function otherWorkloadsYaml(): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: everywhere}
spec:
  selector: {matchLabels: {app: everywhere}}
  template:
    metadata: {labels: {app: everywhere}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{name: c, image: ${probeImage}, imagePullPolicy: Never, args: ["sleep"]}]
---
apiVersion: v1
kind: ReplicationController
metadata: {name: classic}
spec:
  replicas: 1
  selector: {app: classic}
  template:
    metadata: {labels: {app: classic}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{name: c, image: ${probeImage}, imagePullPolicy: Never, args: ["sleep"]}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  suspend: true
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: c, image: ${probeImage}, imagePullPolicy: Never, command: ["true"]}]
`;
}
