# SPDX-License-Identifier: Apache-2.0
# `cpack -G DEB` in the build folder: a Debian package of the programs, manual pages, SQL
# migrations (also compiled into the programs) and bash completion. Shared-library dependencies
# are computed by dpkg-shlibdeps.
set(CPACK_PACKAGE_NAME hrsi)
set(CPACK_PACKAGE_VENDOR "hrsi developers")
set(CPACK_PACKAGE_CONTACT "hrsi developers <hrsi@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "HR-S&I satellite-processing jobs through PostgreSQL: create, dispatch, process, publish")
set(CPACK_PACKAGE_DESCRIPTION
    "Small command-line programs that carry Copernicus HR-S&I processing jobs through their life in a
PostgreSQL database: created from catalogue answers, configured, dispatched to local workers or
Nomad, processed by a containerised scientific program with inputs and outputs on external
storage, and published to RabbitMQ.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
# Storage through rclone; containers through docker or podman; the services it talks to.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "rclone, postgresql-client")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "podman | docker.io, postgresql, rabbitmq-server")
include(CPack)
