FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput
RUN useradd --create-home accelerator && mkdir -p /app/media /app/private && chown accelerator /app/media /app/private
USER accelerator
EXPOSE 8000
CMD ["gunicorn", "accelerator.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
