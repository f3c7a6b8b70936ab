module berth.local/kube/testimage

go 1.26.0
