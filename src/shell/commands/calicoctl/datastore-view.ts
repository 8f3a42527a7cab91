/**
 * What calicoctl sees through the datastore it is configured for. Calico's objects live in one
 * place in the world; an etcd-mode install has no CRDs, so a Kubernetes-datastore client finds
 * none of the stored kinds (listing them is empty, reading one is the API server's 404), while
 * Nodes and WorkloadEndpoints still come from Kubernetes Nodes and Pods. The etcdv3 backend words
 * its errors differently (libcalico-go errors.go: no wrapped error, `<nil>`).
 */
import type { CommandContext } from '../../context';
import type { CalicoKind } from '../../../emulator/calico/resources';
import { notExistError } from '../../../emulator/calico/resources';
import { calicoResourcesVisible } from './client';

export type Datastore = 'kubernetes' | 'etcdv3';

/** Can this client see objects of this kind at all? */
export function kindVisible(ctx: CommandContext, datastore: Datastore, kind: CalicoKind): boolean {
  if (!kind.stored) return true;
  return calicoResourcesVisible(ctx, datastore);
}

/** "resource does not exist" as the backend in use words it; `verb` is the HTTP request KDD made. */
export function missingError(ctx: CommandContext, datastore: Datastore, kind: CalicoKind, name: string, namespace?: string, verb = 'get'): string {
  if (datastore === 'etcdv3') {
    const id = kind.namespaced ? `${kind.kind}(${namespace ?? 'default'}/${name})` : `${kind.kind}(${name})`;
    return `resource does not exist: ${id} with error: <nil>`;
  }
  if (!kindVisible(ctx, datastore, kind)) {
    const id = kind.namespaced ? `${kind.kind}(${namespace ?? 'default'}/${name})` : `${kind.kind}(${name})`;
    const target = verb === 'post' ? `${kind.plural}.crd.projectcalico.org` : `${kind.plural}.crd.projectcalico.org ${name}`;
    return `resource does not exist: ${id} with error: the server could not find the requested resource (${verb} ${target})`;
  }
  return notExistError(kind, name, namespace);
}

/**
 * A write error as calicoctl prints it: ErrorResourceAlreadyExists prints only its identifier
 * (whatever error it wraps); the etcdv3 backend wraps no error in ErrorResourceDoesNotExist.
 */
export function backendError(datastore: Datastore, error: string): string {
  const out = error.replace(/^(resource already exists: \S+) with error: .*$/s, '$1');
  if (datastore !== 'etcdv3') return out;
  return out.replace(/^(resource does not exist: \S+) with error: .*$/s, '$1 with error: <nil>');
}
