"""Upper-level office: the agencies at and below OFFICE in the registry (ListAgencies, subtree).
Usage: office_agencies.py OFFICE_AGENCY_ID"""
import sys

from nianbao.v1 import agency_pb2, agency_pb2_grpc, report_pb2

from nianbao_connect import auth, channel

with channel() as connection:
    agencies = agency_pb2_grpc.AgencyServiceStub(connection)
    request = agency_pb2.ListAgenciesRequest(subtree=f"agencies/{sys.argv[1]}")
    while True:
        page = agencies.ListAgencies(request, metadata=auth(), timeout=30)
        for agency in page.agencies:
            print(agency.name, agency.display_name, report_pb2.AgencyKind.Name(agency.kind),
                  agency.region_code, agency.parent_agency or "-", sep="\t")
        if not page.next_page_token:
            break
        request.page_token = page.next_page_token
