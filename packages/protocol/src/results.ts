/** A stable, machine-readable error sent to clients. */
export interface ProtocolError {
  code: string;
  message: string;
}

/** Every acknowledgement has this shape: values, not exceptions. */
export type Ack<T = Record<string, never>> = ({ ok: true } & T) | { ok: false; error: ProtocolError };

export type AckCallback<T = Record<string, never>> = (result: Ack<T>) => void;
