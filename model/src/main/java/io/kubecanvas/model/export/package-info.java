/**
 * Exports of a design for the tools people deploy with: one multi-document file, a folder with one file
 * per object, a Helm chart, a kustomize base, and the CNI network config of the cluster.
 *
 * <p>Describe, then realise: {@link io.kubecanvas.model.export.Exporter#plan} turns a design into an
 * {@link io.kubecanvas.model.export.ExportPlan} (relative path to file content, nothing touched on disk),
 * and {@link io.kubecanvas.model.export.ExportFolder} writes a plan atomically, refusing to overwrite what
 * it did not write unless forced.
 */
package io.kubecanvas.model.export;
