"""What every Python example shares: a channel to nianbao-workflowd and the bearer token.

NIANBAO_ADDRESS is workflowd's host:port; NIANBAO_TOKEN the principal's bearer token; NIANBAO_CA,
when set, the CA certificate (PEM) of a server that serves TLS. The modules nianbao.v1.* are
generated from proto/ (docs/integrating.md says how) and must be on PYTHONPATH.
"""
import os
import pathlib

import grpc


def channel():
    address = os.environ["NIANBAO_ADDRESS"]
    ca = os.environ.get("NIANBAO_CA")
    if ca:
        return grpc.secure_channel(
            address, grpc.ssl_channel_credentials(pathlib.Path(ca).read_bytes()))
    return grpc.insecure_channel(address)


def auth():
    """The call metadata: the token goes in "authorization" on every call."""
    return [("authorization", "Bearer " + os.environ["NIANBAO_TOKEN"])]
