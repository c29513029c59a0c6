import { MeshVersionProps } from '../../lib';

/**
 * The book's `ravirdv/http-responder` answers with a fixed text on port 5000 but exists only as `:latest`. The
 * pinned `hashicorp/http-echo` does the same job: `-text` sets the answer, `-listen` the port.
 */
export function httpResponder(text: string): Pick<MeshVersionProps, 'image' | 'args' | 'resources'> {
  return {
    image: 'hashicorp/http-echo:1.0.0',
    args: ['-listen=:5000', `-text=${text}`],
    resources: { requests: { cpu: '20m', memory: '32Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
  };
}
