import AsyncJobs
import Foundation

/// The OpenAPI 3.0.3 document of the API, served at `/v1/openapi.json`: exactly the operations
/// ``APIResponder`` routes, with the served queues filled in, so tools that generate clients or fuzz the
/// API from it meet no operation the server lacks.
enum OpenAPIDocument {
    /// Where the served queue names go in ``template`` (the create request's `queue` enum).
    static let servedQueuesToken = #""$servedQueues""#

    /// Where the create request's required fields go: `queue` is required only when several are served.
    static let createRequiredToken = #""$createRequired""#

    /// The document for a server that creates tasks in `queues`.
    static func json(servedQueues queues: [String]) -> String {
        let names = queues.map { JSONValue.string($0).jsonString }.joined(separator: ", ")
        let required = queues.count == 1 ? #""type""# : #""type", "queue""#
        return template.replacingOccurrences(of: servedQueuesToken, with: names)
            .replacingOccurrences(of: createRequiredToken, with: required)
    }

    static let template = #"""
{
 "openapi": "3.0.3",
 "info": {
  "title": "AsyncJobs HTTP API",
  "version": "1.0.0",
  "description": "asyncjobs' v0.3 HTTP API as served by `ajc server run`, over any AsyncJobs store. No authentication: it listens on loopback unless told otherwise, or requires TLS client certificates. Errors share the envelope {\"error\":{\"code\",\"message\",\"details\":{\"reason\",\"field\"}}}. Task payloads are base64 in responses. Scheduled tasks are served at /v1/schedules on stores that keep schedules."
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "paths": {
  "/healthz": {
   "get": {
    "operationId": "getHealthz",
    "summary": "Liveness probe.",
    "responses": {
     "200": {
      "description": "The process is up.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/HealthResponse"
        }
       }
      }
     }
    }
   }
  },
  "/readyz": {
   "get": {
    "operationId": "getReadyz",
    "summary": "Readiness: the store answers.",
    "responses": {
     "200": {
      "description": "Ready.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ReadinessResponse"
        }
       }
      }
     },
     "503": {
      "description": "The store does not answer.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ReadinessResponse"
        }
       }
      }
     }
    }
   }
  },
  "/v1/openapi.json": {
   "get": {
    "operationId": "getOpenAPI",
    "summary": "This document.",
    "responses": {
     "200": {
      "description": "The OpenAPI document.",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     }
    }
   }
  },
  "/v1/info": {
   "get": {
    "operationId": "getInfo",
    "summary": "Server and store snapshot.",
    "responses": {
     "200": {
      "description": "Server info.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Info"
        }
       }
      }
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/retry-policies": {
   "get": {
    "operationId": "listRetryPolicies",
    "summary": "The named retry policies.",
    "responses": {
     "200": {
      "description": "Retry policies.",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "policies"
         ],
         "properties": {
          "policies": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/RetryPolicy"
           }
          }
         }
        }
       }
      }
     }
    }
   }
  },
  "/v1/tasks": {
   "get": {
    "operationId": "listTasks",
    "summary": "List tasks, newest first.",
    "parameters": [
     {
      "name": "state",
      "in": "query",
      "description": "Repeatable: tasks in any of these states.",
      "style": "form",
      "explode": true,
      "schema": {
       "type": "array",
       "items": {
        "$ref": "#/components/schemas/TaskState"
       }
      }
     },
     {
      "name": "queue",
      "in": "query",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "type",
      "in": "query",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "created_since",
      "in": "query",
      "description": "RFC 3339 time: only tasks created at or after it.",
      "schema": {
       "type": "string",
       "pattern": "^(1[7-9]|2[01])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 1000,
       "default": 200
      }
     },
     {
      "name": "stream",
      "in": "query",
      "description": "`ndjson`: one task per line instead of a JSON object.",
      "schema": {
       "type": "string",
       "enum": [
        "ndjson"
       ]
      }
     }
    ],
    "responses": {
     "200": {
      "description": "The tasks.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TaskListResponse"
        }
       },
       "application/x-ndjson": {
        "schema": {
         "$ref": "#/components/schemas/Task"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "createTask",
    "summary": "Create and enqueue a task.",
    "description": "Give at most one of `payload` (any JSON, stored as its JSON text) and `payload_base64` (raw bytes). With an `Idempotency-Key` seen in the last 10 minutes, the task it created is returned with 200 and nothing is written.",
    "parameters": [
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string",
       "minLength": 1,
       "maxLength": 128
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/TaskCreateRequest"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Created and enqueued.",
      "headers": {
       "Location": {
        "$ref": "#/components/headers/Location"
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Task"
        }
       }
      },
      "links": {
       "GetTask": {
        "operationId": "getTask",
        "parameters": {
         "id": "$response.body#/id"
        }
       },
       "RetryTask": {
        "operationId": "retryTask",
        "parameters": {
         "id": "$response.body#/id"
        }
       },
       "DeleteTask": {
        "operationId": "deleteTask",
        "parameters": {
         "id": "$response.body#/id"
        }
       }
      }
     },
     "200": {
      "description": "The task this Idempotency-Key already created.",
      "headers": {
       "Location": {
        "$ref": "#/components/headers/Location"
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Task"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/tasks/retry": {
   "post": {
    "operationId": "retryTasks",
    "summary": "Retry up to 100 tasks; a result per id.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/BulkRetryRequest"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Per-task results.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/BulkRetryResponse"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/tasks/{id}": {
   "parameters": [
    {
     "name": "id",
     "in": "path",
     "required": true,
     "schema": {
      "type": "string",
      "minLength": 1
     }
    }
   ],
   "get": {
    "operationId": "getTask",
    "summary": "One task.",
    "responses": {
     "200": {
      "description": "The task.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Task"
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "delete": {
    "operationId": "deleteTask",
    "summary": "Delete a task and its history.",
    "responses": {
     "204": {
      "description": "Deleted."
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/tasks/{id}/retry": {
   "parameters": [
    {
     "name": "id",
     "in": "path",
     "required": true,
     "schema": {
      "type": "string",
      "minLength": 1
     }
    }
   ],
   "post": {
    "operationId": "retryTask",
    "summary": "Make a task runnable now, tries restarted.",
    "responses": {
     "200": {
      "description": "The task, runnable again.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Task"
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/queues": {
   "get": {
    "operationId": "listQueues",
    "summary": "Every queue with its live figures.",
    "responses": {
     "200": {
      "description": "The queues.",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "queues"
         ],
         "properties": {
          "queues": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/QueueInfo"
           }
          }
         }
        }
       }
      }
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "createQueue",
    "summary": "Create a queue.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/QueueCreateRequest"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Created.",
      "headers": {
       "Location": {
        "$ref": "#/components/headers/Location"
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/QueueInfo"
        }
       }
      },
      "links": {
       "GetQueue": {
        "operationId": "getQueue",
        "parameters": {
         "name": "$response.body#/name"
        }
       },
       "PurgeQueue": {
        "operationId": "purgeQueue",
        "parameters": {
         "name": "$response.body#/name"
        }
       },
       "DeleteQueue": {
        "operationId": "deleteQueue",
        "parameters": {
         "name": "$response.body#/name"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/queues/{name}": {
   "parameters": [
    {
     "name": "name",
     "in": "path",
     "required": true,
     "schema": {
      "type": "string",
      "minLength": 1
     }
    }
   ],
   "get": {
    "operationId": "getQueue",
    "summary": "One queue with its live figures.",
    "responses": {
     "200": {
      "description": "The queue.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/QueueInfo"
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "delete": {
    "operationId": "deleteQueue",
    "summary": "Remove a queue with all its tasks.",
    "responses": {
     "204": {
      "description": "Removed."
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/queues/{name}/purge": {
   "parameters": [
    {
     "name": "name",
     "in": "path",
     "required": true,
     "schema": {
      "type": "string",
      "minLength": 1
     }
    }
   ],
   "post": {
    "operationId": "purgeQueue",
    "summary": "Delete the queue's waiting tasks.",
    "responses": {
     "202": {
      "description": "Purged.",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "purged"
         ],
         "properties": {
          "purged": {
           "type": "integer",
           "minimum": 0
          }
         }
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/schedules": {
   "get": {
    "operationId": "listSchedules",
    "summary": "Every scheduled task, by name, with its next and last fire.",
    "responses": {
     "200": {
      "description": "The schedules.",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "schedules"
         ],
         "properties": {
          "schedules": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Schedule"
           }
          }
         }
        }
       }
      }
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "operationId": "createSchedule",
    "summary": "Schedule a task: one task of task_type in a served queue at every fire.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ScheduleCreateRequest"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Created.",
      "headers": {
       "Location": {
        "$ref": "#/components/headers/Location"
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Schedule"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/v1/schedules/{name}": {
   "parameters": [
    {
     "name": "name",
     "in": "path",
     "required": true,
     "schema": {
      "type": "string",
      "minLength": 1
     }
    }
   ],
   "get": {
    "operationId": "getSchedule",
    "summary": "One scheduled task with its next and last fire.",
    "responses": {
     "200": {
      "description": "The schedule.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Schedule"
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "delete": {
    "operationId": "deleteSchedule",
    "summary": "Remove a schedule; the tasks it made stay.",
    "responses": {
     "204": {
      "description": "Removed."
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  }
 },
 "components": {
  "headers": {
   "Location": {
    "description": "The created resource's path.",
    "schema": {
     "type": "string"
    }
   }
  },
  "responses": {
   "BadRequest": {
    "description": "Invalid input; nothing was written.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "NotFound": {
    "description": "No such task, queue or endpoint.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Conflict": {
    "description": "Exists already, wrong state, queue full, or the same Idempotency-Key in flight.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "PayloadTooLarge": {
    "description": "The body is over the server's limit.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Unavailable": {
    "description": "The store failed.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   }
  },
  "schemas": {
   "Error": {
    "type": "object",
    "required": [
     "error"
    ],
    "properties": {
     "error": {
      "type": "object",
      "required": [
       "code",
       "message"
      ],
      "properties": {
       "code": {
        "type": "string",
        "enum": [
         "invalid_argument",
         "not_found",
         "conflict",
         "payload_too_large",
         "unavailable",
         "internal"
        ]
       },
       "message": {
        "type": "string"
       },
       "details": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
         "reason": {
          "type": "string"
         },
         "field": {
          "type": "string"
         }
        }
       }
      }
     }
    }
   },
   "TaskState": {
    "type": "string",
    "enum": [
     "new",
     "active",
     "retry",
     "expired",
     "terminated",
     "complete",
     "queue_error",
     "blocked",
     "unreachable"
    ]
   },
   "Task": {
    "type": "object",
    "required": [
     "id",
     "type",
     "queue",
     "payload",
     "state",
     "created",
     "tries"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "type": {
      "type": "string"
     },
     "queue": {
      "type": "string"
     },
     "payload": {
      "type": "string",
      "format": "byte",
      "nullable": true,
      "description": "Base64 of the payload bytes; null when none."
     },
     "deadline": {
      "type": "string",
      "format": "date-time"
     },
     "max_tries": {
      "type": "integer"
     },
     "result": {
      "$ref": "#/components/schemas/TaskResult"
     },
     "state": {
      "$ref": "#/components/schemas/TaskState"
     },
     "created": {
      "type": "string",
      "format": "date-time"
     },
     "tried": {
      "type": "string",
      "format": "date-time"
     },
     "tries": {
      "type": "integer"
     },
     "last_err": {
      "type": "string"
     }
    }
   },
   "TaskResult": {
    "type": "object",
    "required": [
     "payload",
     "completed"
    ],
    "properties": {
     "payload": {
      "description": "Any JSON value the handler returned."
     },
     "completed": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "TaskCreateRequest": {
    "type": "object",
    "required": [
     "$createRequired"
    ],
    "additionalProperties": false,
    "not": {
     "required": [
      "payload",
      "payload_base64"
     ]
    },
    "properties": {
     "type": {
      "type": "string",
      "pattern": "^[a-zA-Z0-9_:-]+$"
     },
     "queue": {
      "type": "string",
      "enum": [
       "$servedQueues"
      ],
      "description": "One of the queues this server serves."
     },
     "id": {
      "type": "string",
      "pattern": "^[a-zA-Z0-9_:-]+$",
      "description": "A custom id; a new KSUID when absent."
     },
     "payload": {
      "description": "Any JSON value; stored as its JSON text."
     },
     "payload_base64": {
      "type": "string",
      "format": "byte"
     },
     "deadline": {
      "type": "string",
      "pattern": "^(1[7-9]|2[01])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$",
      "description": "RFC 3339: a task not started by then expires."
     },
     "max_tries": {
      "type": "integer",
      "minimum": 0,
      "maximum": 2147483647,
      "description": "0: no per-task limit. Default 10."
     }
    }
   },
   "TaskListResponse": {
    "type": "object",
    "required": [
     "tasks",
     "count"
    ],
    "properties": {
     "tasks": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Task"
      }
     },
     "count": {
      "type": "integer"
     }
    }
   },
   "BulkRetryRequest": {
    "type": "object",
    "required": [
     "ids"
    ],
    "additionalProperties": false,
    "properties": {
     "ids": {
      "type": "array",
      "minItems": 1,
      "maxItems": 100,
      "items": {
       "type": "string"
      }
     }
    }
   },
   "BulkRetryResponse": {
    "type": "object",
    "required": [
     "results"
    ],
    "properties": {
     "results": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id",
        "status"
       ],
       "properties": {
        "id": {
         "type": "string"
        },
        "status": {
         "type": "string",
         "enum": [
          "ok",
          "not_found",
          "failed"
         ]
        },
        "error": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "ScheduleCreateRequest": {
    "type": "object",
    "required": [
     "name",
     "schedule",
     "task_type"
    ],
    "additionalProperties": false,
    "not": {
     "required": [
      "payload",
      "payload_base64"
     ]
    },
    "description": "A schedule is 5 cron fields, @yearly, @monthly, @weekly, @daily, @hourly or @every DURATION (the @ may be left out); read in time_zone (UTC by default).",
    "properties": {
     "name": {
      "type": "string",
      "pattern": "^[a-zA-Z0-9_:-]+$"
     },
     "schedule": {
      "type": "string",
      "minLength": 1
     },
     "queue": {
      "type": "string",
      "enum": [
       "$servedQueues"
      ]
     },
     "task_type": {
      "type": "string",
      "pattern": "^[a-zA-Z0-9_:-]+$"
     },
     "payload": {
      "description": "Any JSON value, stored as its JSON text; each task gets exactly these bytes."
     },
     "payload_base64": {
      "type": "string",
      "format": "byte"
     },
     "deadline": {
      "type": "string",
      "pattern": "^([0-9]{1,5}(\\.[0-9]{1,3})?(ns|us|µs|ms|s|m|h)){1,3}$",
      "description": "Each task's deadline after its creation, at least 30s."
     },
     "max_tries": {
      "type": "integer",
      "minimum": 0,
      "maximum": 2147483647,
      "description": "0: the default (10)."
     },
     "time_zone": {
      "type": "string",
      "description": "An IANA time zone name; default UTC."
     },
     "missed_fires": {
      "type": "string",
      "enum": [
       "catch_up",
       "skip"
      ],
      "description": "Fires missed while no scheduler led: one task for them (catch_up, default) or none (skip)."
     }
    }
   },
   "Schedule": {
    "type": "object",
    "required": [
     "name",
     "schedule",
     "queue",
     "task_type",
     "payload",
     "max_tries",
     "created_at",
     "time_zone",
     "missed_fires",
     "skipped_fires"
    ],
    "properties": {
     "name": {
      "type": "string"
     },
     "schedule": {
      "type": "string"
     },
     "queue": {
      "type": "string"
     },
     "task_type": {
      "type": "string"
     },
     "payload": {
      "type": "string",
      "format": "byte",
      "nullable": true
     },
     "deadline": {
      "type": "integer",
      "description": "Nanoseconds after each task's creation."
     },
     "max_tries": {
      "type": "integer"
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     },
     "time_zone": {
      "type": "string"
     },
     "missed_fires": {
      "type": "string",
      "enum": [
       "catch_up",
       "skip"
      ]
     },
     "next_fire": {
      "type": "string",
      "format": "date-time"
     },
     "last_fire": {
      "type": "string",
      "format": "date-time"
     },
     "last_task": {
      "type": "string"
     },
     "skipped_fires": {
      "type": "integer"
     }
    }
   },
   "QueueCreateRequest": {
    "type": "object",
    "required": [
     "name"
    ],
    "additionalProperties": false,
    "description": "Durations are Go duration text (30s, 5m, 1h); 0 (or absent) means asyncjobs' default.",
    "properties": {
     "name": {
      "type": "string",
      "pattern": "^[a-zA-Z0-9_:-]+$"
     },
     "max_concurrent": {
      "type": "integer",
      "minimum": 0,
      "maximum": 2147483647,
      "description": "Default 100."
     },
     "max_runtime": {
      "type": "string",
      "pattern": "^([0-9]{1,5}(\\.[0-9]{1,3})?(ns|us|µs|ms|s|m|h)){1,3}$",
      "description": "Default 1h."
     },
     "max_tries": {
      "type": "integer",
      "minimum": -1,
      "maximum": 2147483647,
      "description": "-1 or 0: unlimited (default)."
     },
     "max_age": {
      "type": "string",
      "pattern": "^([0-9]{1,5}(\\.[0-9]{1,3})?(ns|us|µs|ms|s|m|h)){1,3}$",
      "description": "0: waiting tasks never expire (default)."
     },
     "max_entries": {
      "type": "integer",
      "minimum": 0,
      "maximum": 2147483647,
      "description": "0: unlimited (default)."
     },
     "discard_old": {
      "type": "boolean"
     },
     "paused": {
      "type": "boolean"
     }
    }
   },
   "QueueInfo": {
    "type": "object",
    "required": [
     "name",
     "max_concurrent",
     "max_runtime",
     "max_tries",
     "max_age",
     "max_entries",
     "discard_old",
     "paused",
     "active",
     "ready",
     "scheduled",
     "counts"
    ],
    "description": "Settings (durations in nanoseconds, as the library's JSON) and live figures.",
    "properties": {
     "name": {
      "type": "string"
     },
     "max_concurrent": {
      "type": "integer"
     },
     "max_runtime": {
      "type": "integer",
      "format": "int64"
     },
     "max_tries": {
      "type": "integer"
     },
     "max_age": {
      "type": "integer",
      "format": "int64"
     },
     "max_entries": {
      "type": "integer"
     },
     "discard_old": {
      "type": "boolean"
     },
     "paused": {
      "type": "boolean"
     },
     "active": {
      "type": "integer"
     },
     "ready": {
      "type": "integer"
     },
     "scheduled": {
      "type": "integer"
     },
     "oldest_ready": {
      "type": "string",
      "format": "date-time"
     },
     "counts": {
      "type": "object",
      "additionalProperties": {
       "type": "integer"
      }
     }
    }
   },
   "Info": {
    "type": "object",
    "required": [
     "version",
     "auth",
     "queue_count",
     "task_count",
     "store",
     "queues",
     "features"
    ],
    "properties": {
     "version": {
      "type": "string"
     },
     "auth": {
      "type": "string",
      "enum": [
       "none",
       "mtls"
      ]
     },
     "queue_count": {
      "type": "integer"
     },
     "task_count": {
      "type": "integer"
     },
     "store": {
      "type": "object",
      "required": [
       "kind",
       "location"
      ],
      "properties": {
       "kind": {
        "type": "string"
       },
       "location": {
        "type": "string"
       }
      }
     },
     "queues": {
      "type": "array",
      "items": {
       "type": "string"
      },
      "description": "The queues tasks may be created in."
     },
     "features": {
      "type": "object",
      "additionalProperties": {
       "type": "boolean"
      }
     }
    }
   },
   "RetryPolicy": {
    "type": "object",
    "required": [
     "name",
     "intervals",
     "jitter"
    ],
    "properties": {
     "name": {
      "type": "string"
     },
     "intervals": {
      "type": "array",
      "items": {
       "type": "integer",
       "format": "int64"
      },
      "description": "Nanoseconds."
     },
     "jitter": {
      "type": "number",
      "format": "double"
     }
    }
   },
   "HealthResponse": {
    "type": "object",
    "required": [
     "status",
     "time"
    ],
    "properties": {
     "status": {
      "type": "string",
      "enum": [
       "ok"
      ]
     },
     "time": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "ReadinessResponse": {
    "type": "object",
    "required": [
     "ready",
     "checks"
    ],
    "properties": {
     "ready": {
      "type": "boolean"
     },
     "checks": {
      "type": "object",
      "required": [
       "store"
      ],
      "properties": {
       "store": {
        "$ref": "#/components/schemas/CheckStatus"
       }
      }
     }
    }
   },
   "CheckStatus": {
    "type": "object",
    "required": [
     "ok"
    ],
    "properties": {
     "ok": {
      "type": "boolean"
     },
     "error": {
      "type": "string"
     }
    }
   }
  }
 }
}
"""#
}
