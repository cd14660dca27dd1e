# One image per service from its Spring Boot jar (./mvnw -DskipTests package builds them first).
# Build context: the repository root, e.g. docker build -f deploy/compose/service.Dockerfile \
#   --build-arg MODULE=rating-service -t sparks/rating-service .
FROM eclipse-temurin:21-jre
ARG MODULE
COPY ${MODULE}/target/${MODULE}.jar /app/app.jar
USER 1000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
