# streamlearn: the fat jar on a Java 17 runtime.
#   mvn -B -DskipTests package && DOCKER_BUILDKIT=0 docker build -t streamlearn:latest .
# The base image is a build argument: the default, streamlearn/jre:17, is built with no registry by
# docker/jre/build-image.sh; any image with `java` 17+ on its PATH will do, for example
#   docker build --build-arg BASE_IMAGE=eclipse-temurin:17-jre -t streamlearn:latest .
ARG BASE_IMAGE=streamlearn/jre:17
FROM ${BASE_IMAGE}

WORKDIR /app
COPY topologies/ /app/topologies/
COPY target/streamlearn.jar /app/streamlearn.jar
# not root: uid 1000 owns the state directory (Kafka Streams' default is under /tmp)
RUN mkdir -p /var/lib/streamlearn && chown 1000:1000 /var/lib/streamlearn
USER 1000:1000

# HTTP: /health, /metrics, /models, /predict
EXPOSE 8080
# JVM options go in JAVA_TOOL_OPTIONS; the command and its options follow the image name:
#   docker run streamlearn:latest run --topology /app/topologies/demo.yaml --bootstrap-servers kafka:9092
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/streamlearn.jar"]
CMD ["--help"]
